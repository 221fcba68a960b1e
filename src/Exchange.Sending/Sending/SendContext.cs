namespace Exchange.Sending.Sending;

/// <summary>Bookkeeping of one send: who it is from, its Message-ID, and what its requests carried.</summary>
internal sealed class SendContext(ExchangeMailbox from, string internetMessageId)
{
    public ExchangeMailbox From { get; } = from;

    public string InternetMessageId { get; } = internetMessageId;

    public int RequestCount { get; set; }

    public long RequestBytes { get; set; }

    public ExchangeServerVersionInfo? ServerVersion { get; set; }
}
