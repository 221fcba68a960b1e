namespace Exchange.Sending;

/// <summary>
/// Base of every error this library raises for a send or a connection check. Messages name the connection
/// and say what to change; they never contain a password or an <c>Authorization</c> header.
/// </summary>
/// <remarks>Subtypes exist where a caller reacts differently: <see cref="ExchangeServiceException"/> (EWS answered
/// with a <c>ResponseCode</c>), <see cref="ExchangeTransportException"/> (no usable EWS answer),
/// <see cref="ExchangeAuthenticationException"/>, <see cref="ExchangeConnectionDisabledException"/>,
/// <see cref="ExchangeMessageValidationException"/>.</remarks>
public class ExchangeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Actionable text.</param>
    /// <param name="connectionName">The connection's system name.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ExchangeException(string message, string? connectionName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ConnectionName = connectionName;
    }

    /// <summary>System name of the connection that failed.</summary>
    public string? ConnectionName { get; }

    /// <summary><see langword="true"/> when the same request may succeed later (throttling, server busy, 503). Never together
    /// with <see cref="OutcomeUnknown"/>: a request that may have been processed is not simply tried again.</summary>
    public virtual bool IsTransient => false;

    /// <summary>HTTP status of the response, when one arrived.</summary>
    public virtual int? HttpStatus => null;

    /// <summary><see langword="true"/> when a request that sends mail may have been processed although no usable answer arrived
    /// (a time-out, a dropped connection or an answer that cannot be believed, after the body was sent whole). Do not resend
    /// blindly: look <see cref="InternetMessageId"/> up with <see cref="IExchangeMailSender.FindSentMessageAsync"/> first, and
    /// resend with the same <see cref="ExchangeMailMessage.InternetMessageId"/>, or set
    /// <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/>.</summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>The <c>Message-ID</c> of the message concerned, when a send failed.</summary>
    public string? InternetMessageId { get; init; }

    /// <summary>The EWS <c>ItemId</c> of a draft the library created (CreateItem SaveOnly) and could not delete after a
    /// later step failed; delete it by hand or send it. <see langword="null"/> when nothing was left behind.</summary>
    public string? LeftoverDraftItemId { get; init; }

    /// <summary>With <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/>: the lookup that ran for this unknown outcome and
    /// could not settle it (Undecidable), or that proved the message unsent before a second attempt that failed too.</summary>
    public ExchangeMessageLookup? OutcomeLookup { get; init; }

    /// <summary>The message as constructed, without the leftover-draft sentence (for building a completed copy).</summary>
    internal string ConstructedMessage => base.Message;

    /// <inheritdoc />
    public override string Message => LeftoverDraftItemId is null
        ? base.Message
        : base.Message + $" A draft of the message was left in the account's Drafts folder (ItemId '{LeftoverDraftItemId}'); delete it, or check whether it was sent, before sending again.";
}
