namespace Exchange.Sending.Ews;

/// <summary>One EWS operation: writes its <c>soap:Body</c> child. Writing may happen more than once
/// (an authentication handshake resends the body), so implementations must be repeatable.</summary>
internal interface IEwsOperation
{
    /// <summary>Operation name, the local name of the body element (e.g. <c>CreateItem</c>).</summary>
    string Name { get; }

    /// <summary>Bytes of attachment content this request carries (known lengths only), to decide on pre-authentication.</summary>
    long AttachmentBytes { get; }

    /// <summary><see langword="true"/> when some attachment content can only be read once.</summary>
    bool HasSingleUseContent { get; }

    /// <summary><see langword="true"/> when the whole request is small enough to build in memory and send in one write;
    /// otherwise it is measured first and streamed.</summary>
    bool IsSmall => AttachmentBytes == 0 && !HasSingleUseContent;

    /// <summary><see langword="true"/> when a processed request sends mail (CreateItem with a Send disposition, SendItem): a
    /// lost or untrustworthy answer to it is an unknown outcome, where for any other operation nothing was delivered.</summary>
    bool SendsMessage => false;

    /// <summary>How many response messages a true answer holds: one per item (or folder) the request names.</summary>
    int ExpectedResponseMessages => 1;

    /// <summary>The <c>t:ExchangeImpersonation</c> of this request when it differs from the connection's (a message's own
    /// ImpersonatedUser); <see langword="null"/>: the connection's.</summary>
    EwsImpersonation? Impersonation => null;

    /// <summary>Writes the body element through <paramref name="output"/>, flushing it after large pieces.</summary>
    Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken);
}
