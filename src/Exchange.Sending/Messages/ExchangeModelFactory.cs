namespace Exchange.Sending;

/// <summary>
/// Builds the library's result types for a host's own tests (a mocked <see cref="IExchangeMailSender"/> returning a
/// realistic result), in the manner of the Azure SDK's model factories. Nothing here talks to a server.
/// </summary>
public static class ExchangeModelFactory
{
    /// <summary>A successful send's result.</summary>
    /// <param name="internetMessageId">The Message-ID, e.g. <c>&lt;id@example.com&gt;</c>.</param>
    /// <param name="messageDisposition">What the send asked for.</param>
    /// <param name="requestCount">EWS requests that carried the message (1 normally); at least 1.</param>
    /// <param name="requestBytes">Bytes of SOAP sent by those requests together (their Content-Length); not negative.</param>
    /// <param name="elapsed">Wall time of the send; default zero.</param>
    /// <param name="serverVersion">The server's <c>ServerVersionInfo</c>, or <see langword="null"/>.</param>
    /// <param name="messageFormat">How the message travelled: <see cref="ExchangeMessageFormat.Items"/> or <see cref="ExchangeMessageFormat.Mime"/>.</param>
    /// <param name="warnings">What the checks before the send noticed (<see cref="ExchangeSendResult.Warnings"/>); default none.</param>
    /// <exception cref="ArgumentException"><paramref name="internetMessageId"/> is null or empty, or <paramref name="messageFormat"/> is <see cref="ExchangeMessageFormat.Automatic"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requestCount"/> is below 1, or <paramref name="requestBytes"/> or <paramref name="elapsed"/> is negative.</exception>
    public static ExchangeSendResult SendResult(string internetMessageId, ExchangeMessageDisposition messageDisposition = ExchangeMessageDisposition.SendAndSaveCopy,
        int requestCount = 1, long requestBytes = 0, TimeSpan elapsed = default, ExchangeServerVersionInfo? serverVersion = null,
        ExchangeMessageFormat messageFormat = ExchangeMessageFormat.Items, IReadOnlyList<ExchangeSendWarning>? warnings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(internetMessageId);
        ArgumentOutOfRangeException.ThrowIfLessThan(requestCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(requestBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        if (messageFormat == ExchangeMessageFormat.Automatic)
        {
            throw new ArgumentException("A send's result names the format it used: Items or Mime, not Automatic.", nameof(messageFormat));
        }

        return new ExchangeSendResult(internetMessageId, messageDisposition, requestCount, requestBytes, elapsed, serverVersion) { MessageFormat = messageFormat, Warnings = warnings ?? [] };
    }

    /// <summary>One message's outcome in a batch.</summary>
    /// <param name="index">Its position in the batch (0-based); not negative.</param>
    /// <param name="status">Sent, failed or outcome unknown.</param>
    /// <param name="internetMessageId">Its Message-ID, or <see langword="null"/>.</param>
    /// <param name="result">With <see cref="ExchangeBatchItemStatus.Sent"/>: what the send did (use <see cref="SendResult"/>); required then, not allowed otherwise.</param>
    /// <param name="error">Otherwise: an <see cref="ExchangeException"/> or <see cref="ExchangeSendCanceledException"/>; required then, not allowed with Sent.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="result"/> or <paramref name="error"/> does not fit <paramref name="status"/>, or the error is of another type.</exception>
    public static ExchangeBatchItemResult BatchItemResult(int index, ExchangeBatchItemStatus status, string? internetMessageId = null,
        ExchangeSendResult? result = null, Exception? error = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (status == ExchangeBatchItemStatus.Sent ? result is null || error is not null : result is not null || error is null)
        {
            throw new ArgumentException("A Sent item has a result and no error; a Failed or OutcomeUnknown item has an error and no result.", nameof(status));
        }

        if (error is not null and not ExchangeException and not ExchangeSendCanceledException)
        {
            throw new ArgumentException("A batch item's error is an ExchangeException or an ExchangeSendCanceledException.", nameof(error));
        }

        return new ExchangeBatchItemResult(index, status, internetMessageId ?? result?.InternetMessageId, result, error);
    }

    /// <summary>A batch's result.</summary>
    /// <param name="items">One per message in input order (use <see cref="BatchItemResult"/>).</param>
    /// <param name="requestCount">EWS requests that carried messages; not negative.</param>
    /// <param name="elapsed">Wall time; default zero.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requestCount"/> or <paramref name="elapsed"/> is negative.</exception>
    public static ExchangeBatchSendResult BatchSendResult(IReadOnlyList<ExchangeBatchItemResult> items, int requestCount = 1, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(requestCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero);
        return new ExchangeBatchSendResult(items.ToArray(), requestCount, elapsed);
    }

    /// <summary>A connection check's result. <see cref="ExchangeConnectionCheck.Succeeded"/> (every step passed; so also for an
    /// empty list), <c>FailedStep</c> and <c>FailureReason</c> follow from <paramref name="steps"/>; <paramref name="error"/> is
    /// reported as given.</summary>
    /// <param name="connectionName">The connection's system name.</param>
    /// <param name="steps">Every step in order (use <see cref="ExchangeConnectionCheckStepResult"/>).</param>
    /// <param name="endpoint">The EWS endpoint, or <see langword="null"/> for a disabled connection.</param>
    /// <param name="serverVersion">The server's <c>ServerVersionInfo</c>, or <see langword="null"/>.</param>
    /// <param name="error">The error behind the failed step, or <see langword="null"/>.</param>
    /// <param name="elapsed">Wall time of the check.</param>
    /// <param name="offeredAuthenticationSchemes">Schemes a 401 offered; default none.</param>
    /// <param name="server">The server implementation found.</param>
    /// <param name="messageFormat">The format sends will use.</param>
    /// <param name="messageFormatReason">Why, in a sentence.</param>
    /// <param name="warnings">Warnings about the connection's settings (<see cref="ExchangeConnectionCheck.Warnings"/>); default none.</param>
    /// <param name="recommendedVersion">The best Version for the server (<see cref="ExchangeConnectionCheck.RecommendedVersion"/>); default none.</param>
    /// <param name="requestedVersion">The Version the connection sends (<see cref="ExchangeConnectionCheck.RequestedVersion"/>); default none.</param>
    /// <param name="testMessageId">The Message-ID of a send test's message (<see cref="ExchangeConnectionCheck.TestMessageId"/>); default none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connectionName"/> or <paramref name="steps"/> is <see langword="null"/>.</exception>
    public static ExchangeConnectionCheck ConnectionCheck(string connectionName, IReadOnlyList<ExchangeConnectionCheckStepResult> steps, Uri? endpoint = null,
        ExchangeServerVersionInfo? serverVersion = null, ExchangeException? error = null, TimeSpan elapsed = default,
        IReadOnlyList<string>? offeredAuthenticationSchemes = null, ExchangeServerProduct server = ExchangeServerProduct.Unknown,
        ExchangeMessageFormat messageFormat = ExchangeMessageFormat.Items, string? messageFormatReason = null,
        IReadOnlyList<ExchangeSendWarning>? warnings = null, ExchangeVersion? recommendedVersion = null, ExchangeVersion? requestedVersion = null,
        string? testMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        ArgumentNullException.ThrowIfNull(steps);
        return new ExchangeConnectionCheck(connectionName, endpoint, steps, serverVersion, error, elapsed, offeredAuthenticationSchemes ?? [])
        {
            Server = server,
            MessageFormat = messageFormat,
            MessageFormatReason = messageFormatReason,
            Warnings = warnings ?? [],
            RecommendedVersion = recommendedVersion,
            RequestedVersion = requestedVersion,
            TestMessageId = testMessageId,
        };
    }

    /// <summary>A lookup answer, for tests of code that resolves unknown outcomes with <see cref="IExchangeMailSender.FindSentMessageAsync"/>.</summary>
    /// <param name="internetMessageId">The Message-ID looked for.</param>
    /// <param name="status">Sent, NotFound or Undecidable.</param>
    /// <param name="explanation">The sentence the library would give.</param>
    /// <param name="undecidableReason">Why Undecidable; <see cref="ExchangeLookupUndecidableReason.None"/> otherwise.</param>
    /// <param name="itemId">The sent copy's ItemId (Sent).</param>
    /// <param name="dateTimeSent">When it was sent (Sent).</param>
    /// <param name="draftItemId">A leftover draft's ItemId.</param>
    /// <param name="covered">How long after the send the last search ran.</param>
    /// <param name="searches">How many searches ran.</param>
    /// <param name="subject">The sent copy's subject (Sent).</param>
    /// <param name="sentCopies">How many sent copies carry the id; default 1 when Sent, else 0.</param>
    /// <param name="draftDeleted">A leftover draft was deleted.</param>
    /// <exception cref="ArgumentNullException"><paramref name="internetMessageId"/> or <paramref name="explanation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="status"/> and <paramref name="undecidableReason"/> disagree.</exception>
    public static ExchangeMessageLookup MessageLookup(string internetMessageId, ExchangeMessageLookupStatus status, string explanation,
        ExchangeLookupUndecidableReason undecidableReason = ExchangeLookupUndecidableReason.None, string? itemId = null, DateTimeOffset? dateTimeSent = null,
        string? draftItemId = null, TimeSpan covered = default, int searches = 1, string? subject = null, int? sentCopies = null, bool draftDeleted = false)
    {
        ArgumentNullException.ThrowIfNull(internetMessageId);
        ArgumentNullException.ThrowIfNull(explanation);
        if ((status == ExchangeMessageLookupStatus.Undecidable) != (undecidableReason != ExchangeLookupUndecidableReason.None))
        {
            throw new ArgumentException("An Undecidable lookup needs an UndecidableReason, and only it has one.", nameof(undecidableReason));
        }

        return new ExchangeMessageLookup(internetMessageId, status, explanation)
        {
            UndecidableReason = undecidableReason, ItemId = itemId, DateTimeSent = dateTimeSent, Subject = subject,
            SentCopies = sentCopies ?? (status == ExchangeMessageLookupStatus.Sent ? 1 : 0),
            DraftItemId = draftItemId, DraftDeleted = draftDeleted, Covered = covered, Searches = searches,
        };
    }
}
