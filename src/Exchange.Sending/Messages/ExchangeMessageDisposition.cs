namespace Exchange.Sending;

/// <summary>The EWS <c>MessageDisposition</c> a send used (CreateItem; on the three-call path, what SendItem did).</summary>
public enum ExchangeMessageDisposition
{
    /// <summary><c>SendAndSaveCopy</c>: sent, with a copy in Sent Items (<see cref="ExchangeConnectionOptions.SaveCopyToSentItems"/> <see langword="true"/>).</summary>
    SendAndSaveCopy,

    /// <summary><c>SendOnly</c>: sent, no copy kept.</summary>
    SendOnly,
}
