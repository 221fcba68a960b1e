using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// The send plan below Exchange2010_SP2, where CreateItem cannot carry attachments: CreateItem (SaveOnly, in Drafts by
/// name) + CreateAttachment per attachment, each passing the draft's new ChangeKey on, + SendItem. When a later step fails,
/// the draft is deleted; when that fails too, or the outcome is unknown, the error names the draft's ItemId.
/// </summary>
internal static class ThreeCallPlan
{
    public static async Task RunAsync(EwsConnection connection, ExchangeMailMessage message, IReadOnlyList<ExchangeAttachment> attachments,
        SendContext context, CancellationToken cancellationToken)
    {
        // Drafts by name: gromox saves a SaveOnly item without SavedItemFolderId to the Outbox, Exchange to Drafts.
        var created = await connection.ExecuteAsync(new CreateItemOperation(message, context.From, context.InternetMessageId, CreateItemOperation.SaveOnly, "drafts", []),
            context, cancellationToken).ConfigureAwait(false);
        var itemId = created.ItemId ?? throw new ExchangeException($"Exchange connection '{connection.Name}': CreateItem (SaveOnly) returned no ItemId, so the attachments cannot be added.", connection.Name)
        {
            InternetMessageId = context.InternetMessageId,
        };
        var changeKey = created.ChangeKey ?? "";
        try
        {
            foreach (var attachment in attachments)
            {
                var added = await connection.ExecuteAsync(new CreateAttachmentOperation(itemId, changeKey, attachment), context, cancellationToken).ConfigureAwait(false);
                // The draft's ChangeKey moves on with every attachment; SendItem needs the newest one.
                changeKey = added.RootItemChangeKey ?? changeKey;
            }

            await connection.ExecuteAsync(new SendItemOperation(itemId, changeKey, connection.Options.SaveCopyToSentItems), context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExchangeException or OperationCanceledException)
        {
            if (ex is ExchangeException { OutcomeUnknown: true } unknown)
            {
                // The draft may have been sent and moved already: deleting by id could remove the sent copy.
                throw ExchangeErrors.Completed(unknown, leftoverDraftItemId: itemId);
            }

            var deleted = await DeleteDraftAsync(connection, itemId).ConfigureAwait(false);
            if (!deleted && ex is ExchangeException exchange)
            {
                throw ExchangeErrors.Completed(exchange, leftoverDraftItemId: itemId);
            }

            throw;
        }
    }

    /// <summary><see langword="true"/> when the draft is gone.</summary>
    private static async Task<bool> DeleteDraftAsync(EwsConnection connection, string itemId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(connection.Options.RequestTimeout);
            var call = await connection.Transport.SendAsync(new DeleteItemOperation(itemId), timeout.Token).ConfigureAwait(false);
            var deleted = call.Response.Messages[0];
            if (!deleted.IsSuccess)
            {
                throw connection.ServiceError(deleted, "DeleteItem", call.HttpStatus, null);
            }

            return true;
        }
        catch (Exception deleteError) when (deleteError is ExchangeException or OperationCanceledException)
        {
            Log.DraftNotDeleted(connection.Logger, connection.Name, itemId, deleteError.Message);
            return false;
        }
    }
}
