using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// The send plan below Exchange2010_SP2, where CreateItem cannot carry attachments: CreateItem (SaveOnly, in Drafts by
/// name) + CreateAttachment per attachment, each passing the draft's new ChangeKey on, + SendItem. Only SendItem sends: a
/// failure (or cancellation) before it leaves an unsent draft, which is deleted; a lost answer to SendItem is an unknown
/// outcome, and the draft is left alone (it may have been sent and moved). A lost answer to the first CreateItem may leave a
/// draft nobody knows the id of: the error says so and how to find it by its Message-ID.
/// </summary>
internal static class ThreeCallPlan
{
    public static async Task RunAsync(EwsConnection connection, ExchangeMailMessage message, IReadOnlyList<ExchangeAttachment> attachments,
        SendContext context, CancellationToken cancellationToken)
    {
        var created = await CreateDraftAsync(connection, message, context, cancellationToken).ConfigureAwait(false);
        var itemId = created.ItemId ?? throw new ExchangeException($"Exchange connection '{connection.Name}': CreateItem (SaveOnly) returned no ItemId, so the attachments cannot be added.", connection.Name)
        {
            InternetMessageId = context.InternetMessageId,
        };
        var changeKey = created.ChangeKey ?? "";
        var sending = false;
        try
        {
            foreach (var attachment in attachments)
            {
                var added = await connection.ExecuteAsync(new CreateAttachmentOperation(itemId, changeKey, attachment) { Impersonation = context.Impersonation }, context, cancellationToken).ConfigureAwait(false);
                // The draft's ChangeKey moves on with every attachment; SendItem needs the newest one.
                changeKey = added.RootItemChangeKey ?? changeKey;
            }

            sending = true;
            await connection.ExecuteAsync(new SendItemOperation(itemId, changeKey, context.CopyFolder is not null, context.CopyFolder) { Impersonation = context.Impersonation }, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExchangeException or OperationCanceledException)
        {
            var unknown = sending && ex is ExchangeException { OutcomeUnknown: true } or ExchangeSendCanceledException { OutcomeUnknown: true };
            if (unknown)
            {
                // The draft may have been sent and moved already: deleting by id could remove the sent copy.
                throw ex is ExchangeSendCanceledException cancelled
                    ? ExchangeErrors.Canceled(cancelled, leftoverDraftItemId: itemId)
                    : ExchangeErrors.Completed((ExchangeException)ex, leftoverDraftItemId: itemId);
            }

            // Nothing was sent: SendItem was not reached, or it was refused.
            var deleted = await DeleteDraftAsync(connection, itemId, context.Impersonation).ConfigureAwait(false);
            throw ex switch
            {
                ExchangeException exchange => ExchangeErrors.Completed(exchange, leftoverDraftItemId: deleted ? null : itemId, outcomeUnknown: false),
                ExchangeSendCanceledException cancelled => ExchangeErrors.Canceled(cancelled, outcomeUnknown: false, leftoverDraftItemId: deleted ? null : itemId),
                _ => ex,
            };
        }
    }

    /// <summary>CreateItem SaveOnly: it sends nothing, but a lost answer may leave a draft whose id nobody learned.</summary>
    private static async Task<EwsResponseMessage> CreateDraftAsync(EwsConnection connection, ExchangeMailMessage message, SendContext context, CancellationToken cancellationToken)
    {
        // Drafts by name: gromox saves a SaveOnly item without SavedItemFolderId to the Outbox, Exchange to Drafts.
        var operation = new CreateItemOperation(message, context.From, context.InternetMessageId, CreateItemOperation.SaveOnly, EwsFolderTarget.Drafts, [], context.Sender)
        {
            Impersonation = context.Impersonation,
        };
        try
        {
            return await connection.ExecuteAsync(operation, context, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex) when (MayHaveLeftDraft(ex))
        {
            throw ExchangeErrors.Completed(ex, addendum: DraftHint(context), outcomeUnknown: false);
        }
        catch (ExchangeSendCanceledException ex) when (ex.RequestSent)
        {
            throw ExchangeErrors.Canceled(ex, ex.Message + " " + DraftHint(context));
        }
    }

    private static bool MayHaveLeftDraft(ExchangeException ex) => ex is ExchangeTransportException
    {
        Failure: ExchangeTransportFailure.Timeout or ExchangeTransportFailure.ConnectionLost or ExchangeTransportFailure.InvalidResponse,
    };

    private static string DraftHint(SendContext context) =>
        $"The message was not sent, but the answer to CreateItem (SaveOnly) was lost, so the server may have saved it as a draft in Drafts: "
        + $"FindSentMessageAsync(\"{context.InternetMessageId}\") reports such a draft (DraftItemId) and can delete it; sending again is safe but may leave that draft behind.";

    /// <summary><see langword="true"/> when the draft is gone.</summary>
    private static async Task<bool> DeleteDraftAsync(EwsConnection connection, string itemId, EwsImpersonation? impersonation)
    {
        try
        {
            using var timeout = new CancellationTokenSource(connection.Options.RequestTimeout);
            var call = await connection.Transport.SendAsync(new DeleteItemOperation(itemId) { Impersonation = impersonation }, timeout.Token).ConfigureAwait(false);
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
