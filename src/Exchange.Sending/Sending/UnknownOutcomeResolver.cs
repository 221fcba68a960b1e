using Exchange.Sending.Diagnostics;

namespace Exchange.Sending.Sending;

/// <summary>
/// <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/>: after a send whose answer was lost, looks for the message in
/// Sent Items (<see cref="SentMessageLookup"/>, with the attempt's subject and start time) and acts only on proof: found, it is
/// reported sent; proven absent after the filing time, it is sent once more (a leftover draft of the three-call path is deleted
/// first); anything else raises the unknown outcome with the lookup attached. It never sends a third time.
/// </summary>
internal static class UnknownOutcomeResolver
{
    public static async Task<(ExchangeOutcomeResolution Resolution, ExchangeMessageLookup Lookup)> ResolveAsync(EwsConnection connection,
        MessageFormatSelector formats, ExchangeException unknown, string internetMessageId, string? subject, DateTimeOffset attemptStarted,
        Ews.EwsFolderTarget? copyFolder, Func<Task> sendAgain, CancellationToken cancellationToken,
        Ews.EwsImpersonation? impersonation = null)
    {
        Log.ResolvingUnknownOutcome(connection.Logger, connection.Name, internetMessageId);
        var lostAt = DateTimeOffset.UtcNow;
        ExchangeMessageLookup lookup;
        try
        {
            lookup = await SentMessageLookup.FindAsync(connection, formats, internetMessageId,
                new ExchangeMessageLookupOptions { FilingTime = connection.Options.SentItemsFilingTime, PollInterval = TimeSpan.FromSeconds(1), DeleteLeftoverDraft = true },
                new SentMessageLookup.Attempt(subject, attemptStarted, lostAt), copyFolder, cancellationToken, impersonation).ConfigureAwait(false);
        }
        catch (ExchangeException lookupFailed)
        {
            throw ExchangeErrors.Completed(unknown, addendum: $"ResolveUnknownOutcomes could not look it up either: {lookupFailed.Message}");
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while looking: the send itself is still the unknown outcome it was, whatever the lookup was doing.
            throw new ExchangeSendCanceledException(
                $"Exchange connection '{connection.Name}': the send of {internetMessageId} was cancelled while ResolveUnknownOutcomes was looking it up. "
                + ExchangeErrors.MayHaveBeenProcessedText(new ErrorSite(connection.Name, connection.Transport.Endpoint, internetMessageId)),
                cancelled, cancellationToken)
            {
                ConnectionName = connection.Name, InternetMessageId = internetMessageId, RequestSent = true, OutcomeUnknown = true,
                LeftoverDraftItemId = unknown.LeftoverDraftItemId,
            };
        }

        switch (lookup.Status)
        {
            case ExchangeMessageLookupStatus.Sent:
                return (ExchangeOutcomeResolution.FoundInSentItems, lookup);
            case ExchangeMessageLookupStatus.NotFound:
                Log.ResendingProvenUnsent(connection.Logger, connection.Name, internetMessageId, lookup.Explanation);
                try
                {
                    await sendAgain().ConfigureAwait(false);
                }
                catch (ExchangeException again)
                {
                    throw ExchangeErrors.Completed(again, internetMessageId,
                        addendum: $"This was a second attempt: the first one's answer was lost and ResolveUnknownOutcomes proved it unsent ({lookup.Explanation}); it is not tried a third time.",
                        lookup: lookup);
                }

                return (ExchangeOutcomeResolution.ResentAfterNotFound, lookup);
            default:
                throw ExchangeErrors.Completed(unknown, addendum: $"ResolveUnknownOutcomes looked it up and could not decide: {lookup.Explanation}", lookup: lookup);
        }
    }
}
