namespace Exchange.Sending;

/// <summary>One message's outcome in a batch, at its index in the input. Build one for your own tests with
/// <see cref="ExchangeModelFactory.BatchItemResult"/>.</summary>
public sealed class ExchangeBatchItemResult
{
    internal ExchangeBatchItemResult(int index, ExchangeBatchItemStatus status, string? internetMessageId, ExchangeSendResult? result, Exception? error)
    {
        Index = index;
        Status = status;
        InternetMessageId = internetMessageId;
        Result = result;
        Error = error;
    }

    /// <summary>The result of a message whose send threw: unknown or failed as the error says, named by the error's Message-ID
    /// (else <paramref name="internetMessageId"/>).</summary>
    internal static ExchangeBatchItemResult FromError(int index, ExchangeException error, string? internetMessageId) =>
        new(index, error.OutcomeUnknown ? ExchangeBatchItemStatus.OutcomeUnknown : ExchangeBatchItemStatus.Failed, error.InternetMessageId ?? internetMessageId, null, error);

    /// <inheritdoc cref="FromError(int, ExchangeException, string?)"/>
    internal static ExchangeBatchItemResult FromError(int index, ExchangeSendCanceledException error, string? internetMessageId) =>
        new(index, error.OutcomeUnknown ? ExchangeBatchItemStatus.OutcomeUnknown : ExchangeBatchItemStatus.Failed, error.InternetMessageId ?? internetMessageId, null, error);

    /// <summary>Position of the message in the list given to <c>SendAsync</c> (0-based).</summary>
    public int Index { get; }

    /// <summary>Sent, failed (proven not sent) or outcome unknown.</summary>
    public ExchangeBatchItemStatus Status { get; }

    /// <summary>The message's Message-ID (given or generated); <see langword="null"/> only for a message refused before one was
    /// chosen (a null entry).</summary>
    public string? InternetMessageId { get; }

    /// <summary>With <see cref="ExchangeBatchItemStatus.Sent"/>: what the send did. For messages that shared one <c>CreateItem</c>,
    /// <see cref="ExchangeSendResult.RequestCount"/> is 1 and <see cref="ExchangeSendResult.RequestBytes"/> and
    /// <see cref="ExchangeSendResult.Elapsed"/> are the shared request's.</summary>
    public ExchangeSendResult? Result { get; }

    /// <summary>Otherwise: why, as <c>SendAsync</c> for one message would have thrown it: an <see cref="ExchangeException"/>
    /// (<see cref="ExchangeMessageValidationException"/>, <see cref="ExchangeServiceException"/> with the message's own
    /// <c>ResponseCode</c>, <see cref="ExchangeTransportException"/>, …) or an <see cref="ExchangeSendCanceledException"/>, naming the
    /// Message-ID; its <c>OutcomeUnknown</c> matches <see cref="ExchangeBatchItemStatus.OutcomeUnknown"/>. An
    /// <see cref="ObjectDisposedException"/> when the sender was disposed before the message's request left (nothing was sent).</summary>
    public Exception? Error { get; }

    /// <summary>The EWS code of <see cref="Error"/> when the server refused the message (<c>ErrorSendAsDenied</c>, <c>ErrorInvalidRecipients</c>…).</summary>
    public ExchangeResponseCode? ResponseCode => (Error as ExchangeServiceException)?.ResponseCode;

    /// <summary><see langword="true"/> when <see cref="Error"/> says a later attempt may succeed (throttling, a busy server) and the
    /// message was proven not sent (<see cref="ExchangeBatchItemStatus.Failed"/>), so sending it again is safe.</summary>
    public bool IsTransient => Status == ExchangeBatchItemStatus.Failed && Error is ExchangeException { IsTransient: true };

    /// <summary>Index, status, Message-ID, error type and code; never addresses or content.</summary>
    public override string ToString() =>
        $"ExchangeBatchItemResult {{ Index = {Index}, Status = {Status}, InternetMessageId = {InternetMessageId ?? "(none)"}"
        + (Error is { } error ? ", Error = " + error.GetType().Name : "")
        + (ResponseCode is { } code ? ", ResponseCode = " + code : "") + " }";
}
