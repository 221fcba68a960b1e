using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// Finds out whether a Message-ID was sent: EWS <c>FindItem</c> on the account's Sent Items restricted to
/// <c>message:InternetMessageId</c>, repeated until the server has had <see cref="ExchangeMessageLookupOptions.FilingTime"/> to
/// file the copy, then once on Drafts for a draft the three-call path may have left. Only an exact Message-ID match counts
/// (a server that ignores the restriction returns other items); a caller resolving its own send also requires the copy's
/// subject and a send time after its attempt began, because one Message-ID may legitimately go out twice to different people.
/// </summary>
internal static class SentMessageLookup
{
    // Servers and clients disagree on clocks; a copy sent this long before the attempt began is still taken as the attempt's.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> AccessCodes = new(StringComparer.Ordinal)
    {
        "ErrorAccessDenied", "ErrorFolderNotFound", "ErrorNonExistentMailbox", "ErrorMailboxStoreUnavailable", "ErrorInvalidMailbox",
    };

    /// <summary>What a caller resolving its own unknown send requires of a found copy, beyond its Message-ID.</summary>
    /// <param name="Subject">Only a copy with this subject counts (null: any).</param>
    /// <param name="StartedAt">Only a copy sent no earlier than <see cref="ClockSkew"/> before this counts (null: any).</param>
    /// <param name="LostAt">When the answer was lost: the filing time counts from here (null: from the start of the lookup).</param>
    internal sealed record Attempt(string? Subject, DateTimeOffset? StartedAt, DateTimeOffset? LostAt = null);

    // copyFolder: where copies are saved (searched); null when none is kept (SendOnly): then Sent Items is searched once, in
    // case another send kept one.
    public static async Task<ExchangeMessageLookup> FindAsync(EwsConnection connection, MessageFormatSelector formats, string internetMessageId,
        ExchangeMessageLookupOptions options, Attempt? attempt, EwsFolderTarget? copyFolder, CancellationToken cancellationToken,
        EwsImpersonation? impersonation = null)
    {
        var folder = copyFolder ?? EwsFolderTarget.SentItems;
        var place = Describe(folder);
        var clock = TimeProvider.System;
        // The copy is filed after the server took the request, which is before the answer was lost: counting from the loss
        // (not from when the attempt began, which may have waited for a slot or a back-off) gives the server the whole time.
        var sentAt = options.SentAt ?? attempt?.LostAt ?? clock.GetUtcNow();
        var saving = copyFolder is not null;
        // Without copies there is nothing to wait for: one search, in case another connection kept one.
        var deadline = saving ? sentAt + options.FilingTime : sentAt;
        Log.LookupStarting(connection.Logger, connection.Name, internetMessageId, (long)(deadline - sentAt).TotalMilliseconds);
        var searches = 0;
        while (true)
        {
            EwsResponseMessage found;
            try
            {
                found = await SearchAsync(connection, folder, internetMessageId, impersonation, cancellationToken).ConfigureAwait(false);
                searches++;
            }
            catch (ExchangeServiceException ex) when (AccessCodes.Contains(ex.ResponseCode.ToString()))
            {
                return Finish(connection, new ExchangeMessageLookup(internetMessageId, ExchangeMessageLookupStatus.Undecidable,
                    $"the server refused the search of {place} ({ex.ResponseCode}: {ex.ServerMessage}) for {connection.AccountText}; grant the account access to {(folder.MailboxAddress is { } mailbox ? "the mailbox " + mailbox : folder.FolderId is not null ? "that folder" : "its own mailbox")}, or check in Outlook.")
                {
                    UndecidableReason = ExchangeLookupUndecidableReason.AccessDenied, Covered = clock.GetUtcNow() - sentAt, Searches = searches,
                });
            }
            catch (ExchangeServiceException ex) when (ex.ResponseCode.ToString() is "ErrorInvalidRestriction" or "ErrorInvalidPropertyRequest" or "ErrorUnsupportedPathForQuery")
            {
                return Finish(connection, new ExchangeMessageLookup(internetMessageId, ExchangeMessageLookupStatus.Undecidable,
                    $"the server cannot search by Message-ID ({ex.ResponseCode}); check {place} by hand.")
                {
                    UndecidableReason = ExchangeLookupUndecidableReason.SearchNotSupported, Covered = clock.GetUtcNow() - sentAt, Searches = searches,
                });
            }
            catch (ExchangeTransportException ex) when (ex.IsTransient && clock.GetUtcNow() + options.PollInterval < deadline)
            {
                // A read-only search: safe to ask again on the next round.
                await Task.Delay(options.PollInterval, clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var copies = found.FoundItems.Where(i => i.InternetMessageId == internetMessageId).ToList();
            var matching = copies.Where(i => Accepts(attempt, i)).ToList();
            var now = clock.GetUtcNow();
            if (matching.Count > 0)
            {
                var copy = matching[0];
                var draft = await FindDraftAsync(connection, internetMessageId, options, impersonation, cancellationToken).ConfigureAwait(false);
                return Finish(connection, new ExchangeMessageLookup(internetMessageId, ExchangeMessageLookupStatus.Sent,
                    $"a sent copy is in {place}{(copy.DateTimeSent is { } at ? $", sent {at:u}" : "")}: the message was sent; do not send it again.")
                {
                    ItemId = copy.ItemId, Subject = copy.Subject, DateTimeSent = copy.DateTimeSent ?? copy.DateTimeCreated, SentCopies = copies.Count,
                    Covered = now - sentAt, Searches = searches, DraftItemId = draft.ItemId, DraftDeleted = draft.Deleted,
                });
            }

            if (found.FoundItems.Count > 0 && copies.Count == 0)
            {
                // Items came back that do not carry the Message-ID asked for: the restriction was ignored, so an absence among
                // the few returned proves nothing.
                return Finish(connection, new ExchangeMessageLookup(internetMessageId, ExchangeMessageLookupStatus.Undecidable,
                    $"the server answered the search by Message-ID with items of other or no Message-IDs (it ignored the restriction); check {place} by hand.")
                {
                    UndecidableReason = ExchangeLookupUndecidableReason.SearchNotSupported, Covered = now - sentAt, Searches = searches,
                });
            }

            if (now >= deadline)
            {
                var draft = await FindDraftAsync(connection, internetMessageId, options, impersonation, cancellationToken).ConfigureAwait(false);
                return Finish(connection, NotFound(connection, formats, internetMessageId, copies.Count, attempt is not null, saving, place) with
                {
                    Covered = now - sentAt, Searches = searches, DraftItemId = draft.ItemId, DraftDeleted = draft.Deleted,
                });
            }

            var wait = deadline - now < options.PollInterval ? deadline - now : options.PollInterval;
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Accepts(Attempt? attempt, EwsFoundItem item)
    {
        if (attempt is null)
        {
            return true;
        }

        var when = item.DateTimeSent ?? item.DateTimeCreated;
        return (when is null || attempt.StartedAt is null || when >= attempt.StartedAt - ClockSkew)
            && (attempt.Subject is null || item.Subject is null || SameSubject(item.Subject.Trim(), attempt.Subject.Trim()));
    }

    // Exchange keeps at most 255 characters of a subject: a stored subject that long which begins the sent one is the same.
    private static bool SameSubject(string stored, string sent) =>
        string.Equals(stored, sent, StringComparison.Ordinal) || (stored.Length >= 255 && sent.StartsWith(stored, StringComparison.Ordinal));

    private static ExchangeMessageLookup NotFound(EwsConnection connection, MessageFormatSelector formats, string id, int otherCopies, bool ownAttempt,
        bool saving, string place)
    {
        var others = otherCopies > 0 && ownAttempt ? $" ({otherCopies} older or different message(s) with this Message-ID are there; they are not this attempt)" : "";
        if (!saving)
        {
            return new ExchangeMessageLookup(id, ExchangeMessageLookupStatus.Undecidable,
                "the connection sends SendOnly (SaveCopyToSentItems is false), so no copy is kept and its absence proves nothing" + others + ".")
            { UndecidableReason = ExchangeLookupUndecidableReason.SendOnly };
        }

        if (connection.Transport.Server.Product == ExchangeServerProduct.Gromox && formats.Resolve().Format == ExchangeMessageFormat.Items)
        {
            return new ExchangeMessageLookup(id, ExchangeMessageLookupStatus.Undecidable,
                "the server is gromox, which drops the Message-ID of typed items (MessageFormat Items), so a sent copy cannot be found by it; use MessageFormat Automatic or Mime.")
            { UndecidableReason = ExchangeLookupUndecidableReason.MessageIdNotKept };
        }

        return new ExchangeMessageLookup(id, ExchangeMessageLookupStatus.NotFound,
            $"no sent copy is in {place} although the server had time to file one: the message was not sent" + others + ".");
    }

    /// <summary>How messages name the folder searched: <c>Sent Items</c>, <c>the Sent Items of shared@example.com</c>, <c>folder inbox</c>.</summary>
    private static string Describe(EwsFolderTarget folder) =>
        folder.FolderId is not null ? "the folder with the FolderId copies are saved to"
        : folder.DistinguishedId == "sentitems" ? (folder.MailboxAddress is { } mailbox ? "the Sent Items of " + mailbox : "Sent Items")
        : $"folder '{folder.DistinguishedId}'" + (folder.MailboxAddress is { } owner ? " of " + owner : "");

    private static async Task<EwsResponseMessage> SearchAsync(EwsConnection connection, EwsFolderTarget folder, string internetMessageId, EwsImpersonation? impersonation,
        CancellationToken cancellationToken)
    {
        var call = await connection.Transport.SendAsync(new FindItemOperation(folder, internetMessageId) { Impersonation = impersonation }, cancellationToken, internetMessageId: internetMessageId).ConfigureAwait(false);
        var answer = call.Response.Messages[0];
        return answer.IsSuccess ? answer : throw connection.ServiceError(answer, "FindItem", call.HttpStatus, null);
    }

    /// <summary>An unsent draft with the Message-ID, deleted when asked; a failed search of Drafts only means none is reported.</summary>
    private static async Task<(string? ItemId, bool Deleted)> FindDraftAsync(EwsConnection connection, string internetMessageId, ExchangeMessageLookupOptions options,
        EwsImpersonation? impersonation, CancellationToken cancellationToken)
    {
        string? draftId;
        try
        {
            var drafts = await SearchAsync(connection, "drafts", internetMessageId, impersonation, cancellationToken).ConfigureAwait(false);
            draftId = drafts.FoundItems.FirstOrDefault(i => i.InternetMessageId == internetMessageId)?.ItemId;
        }
        catch (ExchangeException)
        {
            return (null, false);
        }

        if (draftId is null || !options.DeleteLeftoverDraft)
        {
            return (draftId, false);
        }

        try
        {
            var call = await connection.Transport.SendAsync(new DeleteItemOperation(draftId) { Impersonation = impersonation }, cancellationToken, internetMessageId: internetMessageId).ConfigureAwait(false);
            if (call.Response.Messages[0].IsSuccess)
            {
                Log.LeftoverDraftDeleted(connection.Logger, connection.Name, draftId, internetMessageId);
                return (null, true);
            }
        }
        catch (ExchangeException)
        {
            // Reported as still there.
        }

        return (draftId, false);
    }

    private static ExchangeMessageLookup Finish(EwsConnection connection, ExchangeMessageLookup lookup)
    {
        Log.LookupFinished(connection.Logger, connection.Name, lookup.InternetMessageId, lookup.Status.ToString(), lookup.UndecidableReason.ToString(),
            lookup.Searches, (long)lookup.Covered.TotalMilliseconds);
        return lookup;
    }
}
