namespace Exchange.Sending;

/// <summary>Sends messages through one named EWS connection. Thread-safe; one instance per connection.</summary>
public interface IExchangeMailSender
{
    /// <summary>The connection's system name.</summary>
    string ConnectionName { get; }

    /// <summary>
    /// Sends a message with EWS <c>CreateItem</c> (<c>MessageDisposition</c> <c>SendAndSaveCopy</c> or <c>SendOnly</c>) in the
    /// connection's <see cref="ExchangeConnectionOptions.MessageFormat"/>:
    /// <list type="bullet">
    /// <item>typed items: attachments inside the one request; for a configured Version older than Exchange2010_SP2,
    /// CreateItem (SaveOnly, in Drafts) + CreateAttachment per attachment + SendItem;</item>
    /// <item>MIME (<c>t:MimeContent</c>): one request; on gromox, a message with Bcc takes one more <c>SendOnly</c> request
    /// per Bcc recipient, because gromox shows Bcc recipients to everyone otherwise.</item>
    /// </list>
    /// With <see cref="ExchangeMessageFormat.Automatic"/>, and for every MIME send, the first send on a connection that has not
    /// heard from its server yet asks it once (<c>GetFolder</c>, not counted in the result's request count or bytes, but in its
    /// elapsed time). Every request carries an exact <c>Content-Length</c>; an attachment from a non-seekable stream is first
    /// copied to a temporary file, deleted when the send ends.
    /// </summary>
    /// <param name="message">The message; validated before any network I/O.</param>
    /// <param name="cancellationToken">Cancels the send. A send cancelled after its body went out may still be delivered.</param>
    /// <returns>The Message-ID, disposition, request count and size, elapsed time and server version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ExchangeConnectionDisabledException">The connection is disabled; nothing was sent.</exception>
    /// <exception cref="ExchangeMessageValidationException">The message is invalid; nothing was sent. <see cref="ExchangeMessageValidationException.Errors"/> names each field.</exception>
    /// <exception cref="ExchangeAuthenticationException">The server refused the credentials (HTTP 401).</exception>
    /// <exception cref="ExchangeServiceException">EWS answered with an error <c>ResponseCode</c>, e.g. <c>ErrorSendAsDenied</c> when the account may not send as the sender address.</exception>
    /// <exception cref="ExchangeTransportException">No usable EWS answer: DNS, refused connection, TLS, time-out, HTTP error, a
    /// non-SOAP page, or an answer that cannot be believed (<see cref="ExchangeTransportFailure.InvalidResponse"/>).</exception>
    /// <exception cref="ExchangeException">A local problem before anything was sent (an attachment that cannot be read, or whose
    /// length changed since the send began), or, on gromox, a Bcc copy that failed after the message went to others (the message
    /// says who received it).</exception>
    /// <exception cref="ExchangeSendCanceledException"><paramref name="cancellationToken"/> was cancelled (an
    /// <see cref="OperationCanceledException"/>); <see cref="ExchangeSendCanceledException.OutcomeUnknown"/> says whether the
    /// message may still be delivered.</exception>
    /// <remarks>Any <see cref="ExchangeException"/> with <see cref="ExchangeException.OutcomeUnknown"/> means the message may have
    /// been sent: look it up with <see cref="FindSentMessageAsync"/> before sending again, or set
    /// <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/> to have this method do it (the result's
    /// <see cref="ExchangeSendResult.OutcomeResolution"/> then says what it did). See docs/reliability.md.</remarks>
    Task<ExchangeSendResult> SendAsync(ExchangeMailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends many messages, for scenario engines: typed items go several to one EWS <c>CreateItem</c> (at most
    /// <see cref="ExchangeConnectionOptions.MaxMessagesPerBatchRequest"/> per request, and 4 MiB of attachments unless one message
    /// alone has more; messages with the same <c>MessageDisposition</c> and copy folder share a request), the requests run
    /// concurrently up to <see cref="ExchangeConnectionOptions.MaxConcurrentRequests"/>. A message that cannot share a request
    /// (the MIME format, attachments below Exchange2010_SP2, an attachment from a non-seekable stream) is sent on its own as
    /// <see cref="SendAsync(ExchangeMailMessage, CancellationToken)"/> sends it. Each message is validated before any network I/O;
    /// an invalid one fails alone. Nothing is sent twice: a request is sent again only after a failure that proves the server did
    /// not take it, and when the answer to a request is lost every message in it is <see cref="ExchangeBatchItemStatus.OutcomeUnknown"/>
    /// (never resent, <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/> is not applied to shared requests).
    /// The default implementation sends the messages one by one with <see cref="SendAsync(ExchangeMailMessage, CancellationToken)"/>.
    /// </summary>
    /// <param name="messages">The messages, each entry one message (the same object twice is two messages; without its own
    /// <c>InternetMessageId</c> each gets a generated one). The objects are not changed.</param>
    /// <param name="cancellationToken">Cancels the batch: messages whose request had not gone out are Failed with an
    /// <see cref="ExchangeSendCanceledException"/>, those in flight OutcomeUnknown. Not thrown.</param>
    /// <returns>One result per message in input order (sent, failed with its error and <c>ResponseCode</c>, or outcome unknown
    /// with its Message-ID), and the totals.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    /// <exception cref="ExchangeConnectionDisabledException">The connection is disabled; nothing was sent.</exception>
    async Task<ExchangeBatchSendResult> SendAsync(IEnumerable<ExchangeMailMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var given = messages.ToArray();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var items = new ExchangeBatchItemResult[given.Length];
        var requests = 0;
        for (var i = 0; i < given.Length; i++)
        {
            if (given[i] is null)
            {
                items[i] = new ExchangeBatchItemResult(i, ExchangeBatchItemStatus.Failed, null, null, new ExchangeMessageValidationException(ConnectionName,
                    [new ExchangeValidationError($"messages[{i}]", $"The message at index {i} is null; remove it from the list.")]));
                continue;
            }

            try
            {
                var result = await SendAsync(given[i], cancellationToken).ConfigureAwait(false);
                requests += result.RequestCount;
                items[i] = new ExchangeBatchItemResult(i, ExchangeBatchItemStatus.Sent, result.InternetMessageId, result, null);
            }
            catch (ExchangeConnectionDisabledException)
            {
                throw;
            }
            catch (ExchangeException ex)
            {
                items[i] = ExchangeBatchItemResult.FromError(i, ex, null);
            }
            catch (ExchangeSendCanceledException ex)
            {
                items[i] = ExchangeBatchItemResult.FromError(i, ex, null);
            }
        }

        return new ExchangeBatchSendResult(items, requests, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Sends an existing MimeKit message (for example S/MIME-signed or encrypted mail, which only travels as MIME) as EWS
    /// <c>CreateItem</c> with <c>t:MimeContent</c>, whatever <see cref="ExchangeConnectionOptions.MessageFormat"/> says.
    /// Its <c>Bcc</c> recipients travel as typed <c>t:BccRecipients</c> and are never written into the MIME. When the message
    /// has no <c>From</c> the connection's sender is added to it, and when it has no <c>Message-ID</c> one is generated and set on it
    /// (note that <c>new MimeMessage()</c> already sets one with this machine's host name as its domain: set
    /// <c>MessageId = MimeUtils.GenerateMessageId("example.com")</c> to choose the domain). The message is modified, so one
    /// <c>MimeMessage</c> must not be sent from two threads at once.
    /// On gromox its From, To, Cc and Reply-To headers are re-encoded as whole RFC 2047 words (same addresses and names),
    /// because gromox mis-decodes MimeKit's default encoding of names with quotes or specials.
    /// </summary>
    /// <param name="message">The message; validated before any network I/O (recipients, addresses). It is written twice (once to
    /// measure the request's Content-Length, once to send it): MimeKit's <c>MimeContent</c> requires seekable streams for that.</param>
    /// <param name="cancellationToken">Cancels the send. A send cancelled after its body went out may still be delivered.</param>
    /// <returns>As for <see cref="SendAsync(ExchangeMailMessage, CancellationToken)"/>; <see cref="ExchangeSendResult.MessageFormat"/> is <see cref="ExchangeMessageFormat.Mime"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    /// <exception cref="ExchangeConnectionDisabledException">The connection is disabled; nothing was sent.</exception>
    /// <exception cref="ExchangeMessageValidationException">The message is invalid; nothing was sent.</exception>
    /// <exception cref="ExchangeAuthenticationException">The server refused the credentials (HTTP 401).</exception>
    /// <exception cref="ExchangeServiceException">EWS answered with an error <c>ResponseCode</c>.</exception>
    /// <exception cref="ExchangeTransportException">No usable EWS answer.</exception>
    /// <exception cref="ExchangeSendCanceledException"><paramref name="cancellationToken"/> was cancelled (an <see cref="OperationCanceledException"/>).</exception>
    /// <remarks>Unknown outcomes as for <see cref="SendAsync(ExchangeMailMessage, CancellationToken)"/>.</remarks>
    Task<ExchangeSendResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds out whether a message was sent, by its Message-ID: for a send that failed with
    /// <see cref="ExchangeException.OutcomeUnknown"/> (or <see cref="ExchangeSendCanceledException.OutcomeUnknown"/>), before
    /// deciding to send it again. Searches the folder copies are saved to (<see cref="ExchangeMessageLookupOptions.Folder"/>, else the
    /// connection's <see cref="ExchangeConnectionOptions.SaveCopyLocation"/>: by default the account's Sent Items) with EWS <c>FindItem</c> restricted to
    /// <c>message:InternetMessageId</c>, once per <see cref="ExchangeMessageLookupOptions.PollInterval"/> until the copy is found
    /// or <see cref="ExchangeMessageLookupOptions.FilingTime"/> has passed since the send (a copy is filed shortly after the
    /// send, so an early NotFound would prove nothing), then once searches Drafts for a draft the CreateItem + CreateAttachment
    /// + SendItem path may have left. Answers <see cref="ExchangeMessageLookupStatus.Sent"/>,
    /// <see cref="ExchangeMessageLookupStatus.NotFound"/> or <see cref="ExchangeMessageLookupStatus.Undecidable"/> (SendOnly
    /// connection, no access, a server that drops the Message-ID (gromox with typed items), or one that cannot search by it).
    /// Any copy with the Message-ID counts, unless <see cref="ExchangeMessageLookupOptions.Subject"/> or
    /// <see cref="ExchangeMessageLookupOptions.SentAt"/> narrow it to one send (a Message-ID may be reused on purpose).
    /// </summary>
    /// <param name="internetMessageId">The Message-ID, <c>&lt;left@right&gt;</c> (brackets are added when missing).</param>
    /// <param name="options">How long to wait for the copy to be filed; <see langword="null"/> for the defaults (15 s, every second).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The status, the sent copy's ItemId and send time, any leftover draft, and how long the search covered.</returns>
    /// <exception cref="ArgumentException"><paramref name="internetMessageId"/> is empty or not a Message-ID, or the options' ImpersonatedUser is not in the form its id type names.</exception>
    /// <exception cref="ArgumentOutOfRangeException">FilingTime is negative or over an hour, or PollInterval is under 100 milliseconds or over a minute, or SentAt is more than 5 minutes ahead or over a year ago.</exception>
    /// <exception cref="ExchangeConnectionDisabledException">The connection is disabled.</exception>
    /// <exception cref="ExchangeAuthenticationException">The server refused the credentials.</exception>
    /// <exception cref="ExchangeServiceException">FindItem failed with an EWS code other than an access or search problem.</exception>
    /// <exception cref="ExchangeTransportException">The server could not be reached for the whole of the filing time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ExchangeMessageLookup> FindSentMessageAsync(string internetMessageId, ExchangeMessageLookupOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Proves the connection works, step by step: enabled, the endpoint answers EWS, authentication, version acceptance,
    /// mailbox access (EWS <c>GetFolder</c> of Sent Items) and the sender (<see cref="ExchangeConnectionCheckStep.Sender"/>: a
    /// <c>SenderAddress</c> that is not the account's own mailbox is resolved with EWS <c>ResolveNames</c>, and a
    /// <see cref="ExchangeSendWarning.SendAsNotProven"/> warning says Send As must be granted). Does not throw for a failed step:
    /// the result says which step failed and why, and carries the server's <c>ServerVersionInfo</c>, the best <c>Version</c>
    /// for it (<see cref="ExchangeConnectionCheck.RecommendedVersion"/>) and warnings about the configured one. Sends no mail;
    /// <see cref="TestConnectionAsync(ExchangeConnectionCheckOptions, CancellationToken)"/> can prove Send As with a test message.
    /// A disabled connection is reported without network I/O.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ExchangeConnectionCheck> TestConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The connection check of <see cref="TestConnectionAsync(CancellationToken)"/>, with what <paramref name="options"/> adds:
    /// <see cref="ExchangeConnectionCheckOptions.SendTestMessage"/> proves Send As on <c>SenderAddress</c> by sending one small
    /// message from that address to itself (the <see cref="ExchangeConnectionCheckStep.Sender"/> step then passes, or fails with
    /// <c>ErrorSendAsDenied</c> and the fix). Does not throw for a failed step. The default implementation (for implementations
    /// written before this overload) runs <see cref="TestConnectionAsync(CancellationToken)"/> when no option is set.
    /// </summary>
    /// <param name="options">What to check beyond the default.</param>
    /// <param name="cancellationToken">Cancels the check (a test message already sent may still be delivered).</param>
    /// <returns>Each step, the server's version and the best <c>Version</c> for it, warnings, and the test message's Message-ID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="NotSupportedException">The default implementation was asked for <see cref="ExchangeConnectionCheckOptions.SendTestMessage"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ExchangeConnectionCheck> TestConnectionAsync(ExchangeConnectionCheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SendTestMessage
            ? throw new NotSupportedException($"{GetType().Name} does not implement ExchangeConnectionCheckOptions.SendTestMessage.")
            : TestConnectionAsync(cancellationToken);
    }
}
