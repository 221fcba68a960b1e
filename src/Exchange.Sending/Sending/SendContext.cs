namespace Exchange.Sending.Sending;

/// <summary>Bookkeeping of one send: who it is from, its Message-ID, and what its requests carried.</summary>
internal sealed class SendContext(ExchangeMailbox from, string internetMessageId)
{
    public ExchangeMailbox From { get; } = from;

    public string InternetMessageId { get; } = internetMessageId;

    /// <summary>The <c>t:Sender</c> written (send on behalf), or none.</summary>
    public ExchangeMailbox? Sender { get; init; }

    /// <summary>The message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public Ews.EwsImpersonation? Impersonation { get; init; }

    /// <summary>Where the copy is saved; <see langword="null"/> when none is kept (SendOnly).</summary>
    public Ews.EwsFolderTarget? CopyFolder { get; init; }

    public int RequestCount { get; set; }

    public long RequestBytes { get; set; }

    public ExchangeServerVersionInfo? ServerVersion { get; set; }
}
