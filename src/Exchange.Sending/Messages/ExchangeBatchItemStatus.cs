namespace Exchange.Sending;

/// <summary>What happened to one message of a batch (<see cref="IExchangeMailSender.SendAsync(IEnumerable{ExchangeMailMessage}, CancellationToken)"/>).</summary>
public enum ExchangeBatchItemStatus
{
    /// <summary>The server took the message: its response message was Success.</summary>
    Sent = 0,

    /// <summary>Not sent, and proven so: invalid before any I/O, refused with a <c>ResponseCode</c> of its own, a request the
    /// server did not take, or cancelled before its request went out. <see cref="ExchangeBatchItemResult.Error"/> says why;
    /// sending it again cannot duplicate it.</summary>
    Failed = 1,

    /// <summary>Its request went out whole and no believable answer came back: it may have been sent. Never resent
    /// automatically; look it up by <see cref="ExchangeBatchItemResult.InternetMessageId"/> with
    /// <see cref="IExchangeMailSender.FindSentMessageAsync"/> before sending it again.</summary>
    OutcomeUnknown = 2,
}
