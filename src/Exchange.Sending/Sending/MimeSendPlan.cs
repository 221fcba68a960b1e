using Exchange.Sending.Ews;
using Exchange.Sending.Ews.Mime;

namespace Exchange.Sending.Sending;

/// <summary>
/// Sends one message as MIME: one <c>CreateItem</c> with <c>t:MimeContent</c> and its Bcc typed beside it (Exchange keeps
/// typed Bcc recipients hidden, as Thunderbird's EWS client relies on).
/// gromox 3.10 writes every Bcc recipient, typed or in the MIME, into the SMTP DATA as a <c>Bcc:</c> header that every
/// recipient sees, and adds the MIME's To/Cc headers to the typed recipients. So for gromox the message goes once to
/// To and Cc without any Bcc (this request keeps the Sent Items copy), then once per Bcc recipient, <c>SendOnly</c>, as
/// MIME without To/Cc headers and that one address typed as Bcc: each Bcc recipient sees only itself.
/// </summary>
internal static class MimeSendPlan
{
    public delegate Task<EwsResponseMessage> Execute(IEwsOperation operation, CancellationToken cancellationToken);

    /// <summary>How many CreateItem requests the plan makes (for the log line before the send).</summary>
    public static int RequestCount(MimeDocument mime, MimeItemProperties typed, ExchangeServerProduct server) =>
        server != ExchangeServerProduct.Gromox || typed.Bcc.Count == 0
            ? 1
            : Math.Max(1, typed.Bcc.DistinctBy(b => b.Address, StringComparer.OrdinalIgnoreCase).Count() + (mime.Message.To.Mailboxes.Any() || mime.Message.Cc.Mailboxes.Any() ? 1 : 0));

    public static async Task RunAsync(MimeDocument mime, MimeItemProperties typed, string disposition, EwsFolderTarget? savedItemFolder, bool isSmall,
        ExchangeServerProduct server, string connectionName, string internetMessageId, Execute execute, CancellationToken cancellationToken,
        EwsImpersonation? impersonation = null)
    {
        if (server != ExchangeServerProduct.Gromox || typed.Bcc.Count == 0)
        {
            await execute(new CreateItemMimeOperation(mime, typed, disposition, savedItemFolder) { IsSmall = isSmall, Impersonation = impersonation }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var visible = mime.Message.To.Mailboxes.Any() || mime.Message.Cc.Mailboxes.Any();
        // One copy per mailbox: an address twice in Bcc, or also in To/Cc, would get the message twice (Exchange merges them).
        var shown = mime.Message.To.Mailboxes.Concat(mime.Message.Cc.Mailboxes).Select(m => m.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bcc = typed.Bcc.Where(b => !shown.Contains(b.Address)).DistinctBy(b => b.Address, StringComparer.OrdinalIgnoreCase).ToArray();
        if (bcc.Length == 0)
        {
            await execute(new CreateItemMimeOperation(mime, typed with { Bcc = [] }, disposition, savedItemFolder) { IsSmall = isSmall, Impersonation = impersonation }, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (visible)
        {
            await execute(new CreateItemMimeOperation(mime, typed with { Bcc = [] }, disposition, savedItemFolder) { IsSmall = isSmall, Impersonation = impersonation }, cancellationToken)
                .ConfigureAwait(false);
        }

        var copy = mime.WithoutRecipientHeaders();
        for (var i = 0; i < bcc.Length; i++)
        {
            // Without To/Cc, the first copy keeps the Sent Items copy the caller asked for.
            var first = !visible && i == 0;
            var operation = new CreateItemMimeOperation(copy, typed with { Bcc = [bcc[i]] },
                first ? disposition : CreateItemOperation.SendOnly, first ? savedItemFolder : null) { IsSmall = isSmall, Impersonation = impersonation };
            try
            {
                await execute(operation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when ((visible || i > 0) && ex is ExchangeException or OperationCanceledException)
            {
                var unknown = ex is ExchangeException { OutcomeUnknown: true } || ex is OperationCanceledException;
                var missing = string.Join(", ", bcc.Skip(unknown ? i + 1 : i).Select(b => b.Address));
                var text = $"Exchange connection '{connectionName}': the message was delivered to its To and Cc recipients{(visible ? "" : " (none)")} and to {i} of its {bcc.Length} Bcc recipients; "
                    + (unknown
                        ? $"whether Bcc recipient '{bcc[i].Address}' got it is unknown ({(ex is OperationCanceledException ? "the send was cancelled" : "its answer was lost")}); "
                        : $"sending it to Bcc recipient '{bcc[i].Address}' failed; ")
                    + $"not sent to: {(missing.Length == 0 ? "(none)" : missing)}. "
                    + "gromox shows Bcc recipients to everyone when they travel together, so each gets a copy of its own: send again to the Bcc recipients not sent to only. "
                    + ex.Message;
                if (ex is OperationCanceledException cancelled)
                {
                    // Some recipients already have the message: whatever was in flight, this send is not "nothing sent".
                    throw new ExchangeSendCanceledException(text, ex, cancelled.CancellationToken)
                    {
                        ConnectionName = connectionName,
                        InternetMessageId = internetMessageId,
                        Operation = (ex as ExchangeSendCanceledException)?.Operation,
                        RequestSent = (ex as ExchangeSendCanceledException)?.RequestSent ?? false,
                        OutcomeUnknown = true,
                    };
                }

                throw new ExchangeException(text, connectionName, ex) { OutcomeUnknown = unknown, InternetMessageId = internetMessageId };
            }
        }
    }
}
