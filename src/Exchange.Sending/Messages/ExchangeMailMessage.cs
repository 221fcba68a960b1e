namespace Exchange.Sending;

/// <summary>
/// A message to send through EWS <c>CreateItem</c>. <c>From</c> is the connection's sender unless
/// <see cref="From"/> overrides it. Everything is checked by the library's message rules
/// before any network I/O.
/// </summary>
public sealed class ExchangeMailMessage
{
    /// <summary>Overrides the connection's sender name and address for this message (same rules apply:
    /// the account needs Send As for a foreign address).</summary>
    public ExchangeMailbox? From { get; set; }

    /// <summary>Who sends for <see cref="From"/> (send on behalf: "From X, sent by Y"), written as <c>t:Sender</c> and the MIME
    /// <c>Sender</c> header; overrides the connection's <see cref="ExchangeConnectionOptions.SentByAddress"/>. Usually the
    /// account's own mailbox, which needs Send on Behalf on the From mailbox, or the server answers <c>ErrorSendAsDenied</c>.
    /// Not written when it is the From address.</summary>
    public ExchangeMailbox? Sender { get; set; }

    /// <summary>Where this message's copy is saved, overriding the connection's <see cref="ExchangeConnectionOptions.SaveCopyLocation"/>
    /// (and, when the connection keeps no copy, asking for one: <c>SendAndSaveCopy</c>). <see langword="null"/> (default): the connection's.</summary>
    public ExchangeSavedCopyFolder? SaveCopyTo { get; set; }

    /// <summary>The mailbox this message's requests act as (EWS impersonation, <c>t:ExchangeImpersonation</c>), overriding the
    /// connection's <see cref="ExchangeConnectionOptions.ImpersonatedUser"/>; in the form <see cref="ImpersonatedUserIdType"/> names.
    /// The account needs the ApplicationImpersonation role for it. <see langword="null"/> (default): the connection's; empty: none,
    /// the account acts as itself for this message. Given as an SMTP address and without <see cref="From"/>, the message is from
    /// that mailbox (not the connection's SenderAddress); its copy lands in that mailbox's Sent Items. A message's own
    /// impersonation is not known to <see cref="IExchangeMailSender.FindSentMessageAsync"/>, which searches as the connection acts
    /// (<see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/> does search as the message acted).</summary>
    public string? ImpersonatedUser { get; set; }

    /// <summary>How <see cref="ImpersonatedUser"/> is given: an SMTP address (default, also sent as <c>X-AnchorMailbox</c>), a user
    /// principal name or a SID.</summary>
    public ExchangeConnectingIdType ImpersonatedUserIdType { get; set; }

    /// <summary>Primary recipients (<c>t:ToRecipients</c>).</summary>
    public IList<ExchangeMailbox> To { get; } = new List<ExchangeMailbox>();

    /// <summary>Carbon-copy recipients (<c>t:CcRecipients</c>).</summary>
    public IList<ExchangeMailbox> Cc { get; } = new List<ExchangeMailbox>();

    /// <summary>Blind carbon-copy recipients (<c>t:BccRecipients</c>).</summary>
    public IList<ExchangeMailbox> Bcc { get; } = new List<ExchangeMailbox>();

    /// <summary>Addresses replies should go to (<c>t:ReplyTo</c>).</summary>
    public IList<ExchangeMailbox> ReplyTo { get; } = new List<ExchangeMailbox>();

    /// <summary>Subject line; any Unicode text without CR or LF.</summary>
    public string? Subject { get; set; }

    /// <summary>Body as text or HTML; <see langword="null"/> sends an empty text body.</summary>
    public ExchangeMessageBody? Body { get; set; }

    /// <summary>File and inline attachments, in order.</summary>
    public IList<ExchangeAttachment> Attachments { get; } = new List<ExchangeAttachment>();

    /// <summary>Importance; <see cref="ExchangeImportance.Normal"/> by default.</summary>
    public ExchangeImportance Importance { get; set; }

    /// <summary>Sensitivity; <see cref="ExchangeSensitivity.Normal"/> by default.</summary>
    public ExchangeSensitivity Sensitivity { get; set; }

    /// <summary>Asks recipients' clients for a read receipt (<c>t:IsReadReceiptRequested</c>).</summary>
    public bool IsReadReceiptRequested { get; set; }

    /// <summary>Asks for a delivery receipt (<c>t:IsDeliveryReceiptRequested</c>).</summary>
    public bool IsDeliveryReceiptRequested { get; set; }

    /// <summary>Custom internet headers, names starting with <c>X-</c>; written as extended properties in the
    /// <c>InternetHeaders</c> property set. Names are case-insensitive.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Categories (<c>t:Categories</c>).</summary>
    public IList<string> Categories { get; } = new List<string>();

    /// <summary>Optional client-chosen <c>Message-ID</c> (<c>t:InternetMessageId</c>), e.g. <c>&lt;guid@example.com&gt;</c>.
    /// When <see langword="null"/> the library generates one for each send, so that an unclear outcome (a time-out) can be
    /// looked up (<see cref="IExchangeMailSender.FindSentMessageAsync"/>) instead of resending. The generated id is not written
    /// back here: it is in <see cref="ExchangeSendResult.InternetMessageId"/> and <see cref="ExchangeException.InternetMessageId"/>;
    /// set it here before sending the same message again, so that the second send carries the same id.</summary>
    public string? InternetMessageId { get; set; }

    /// <summary>Count of all recipients.</summary>
    public int RecipientCount => To.Count + Cc.Count + Bcc.Count;

    /// <summary>Recipient counts and subject length; never addresses or content.</summary>
    public override string ToString() =>
        $"ExchangeMailMessage {{ To = {To.Count}, Cc = {Cc.Count}, Bcc = {Bcc.Count}, Attachments = {Attachments.Count}, Subject = {Subject?.Length ?? 0} chars }}";
}
