namespace Exchange.Sending;

/// <summary>
/// A send stopped because its <see cref="CancellationToken"/> was cancelled. It derives from
/// <see cref="OperationCanceledException"/>, so code that catches that keeps working; catch this type to learn whether the
/// message may still be delivered. <see cref="OutcomeUnknown"/> is <see langword="true"/> when a request that sends mail had
/// left completely before the cancellation (the server may process it although nobody waits for its answer): look for
/// <see cref="InternetMessageId"/> with <see cref="IExchangeMailSender.FindSentMessageAsync"/> (with a token that is not
/// cancelled) before sending again. It is not an <see cref="ExchangeException"/>: a handler for unknown outcomes must catch
/// both types.
/// </summary>
public class ExchangeSendCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was in flight and what that means for the message.</param>
    /// <param name="innerException">The cancellation as .NET raised it.</param>
    /// <param name="token">The caller's token that was cancelled.</param>
    public ExchangeSendCanceledException(string message, Exception? innerException, CancellationToken token)
        : base(message, innerException, token)
    {
    }

    /// <summary>System name of the connection.</summary>
    public string? ConnectionName { get; init; }

    /// <summary>The <c>Message-ID</c> of the cancelled send.</summary>
    public string? InternetMessageId { get; init; }

    /// <summary>The EWS operation in flight when the send was cancelled (<c>CreateItem</c>, <c>SendItem</c>…);
    /// <see langword="null"/> when none was (cancelled while waiting to start, for a retry delay, or reading an attachment).</summary>
    public string? Operation { get; init; }

    /// <summary><see langword="true"/> when the body of the request in flight had been sent completely (its <c>Content-Length</c>
    /// bytes had left); a request cut off part-way cannot be processed by the server.</summary>
    public bool RequestSent { get; init; }

    /// <summary><see langword="true"/> when the message may still be delivered: a request that sends mail had been sent
    /// completely, or (on gromox with Bcc) some recipients already had it. Do not resend blindly.</summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>The EWS <c>ItemId</c> of a draft the CreateItem + CreateAttachment + SendItem path left behind, when it could not
    /// be deleted after the cancellation; <see langword="null"/> when nothing was left.</summary>
    public string? LeftoverDraftItemId { get; init; }
}
