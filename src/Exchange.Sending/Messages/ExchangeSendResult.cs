namespace Exchange.Sending;

/// <summary>What a successful send did. Build one for your own tests with <see cref="ExchangeModelFactory.SendResult"/>.</summary>
/// <param name="InternetMessageId">The <c>Message-ID</c> the message carries (given or generated): use it to find the message later
/// (on gromox only with the MIME format: gromox drops the Message-ID of typed items).</param>
/// <param name="MessageDisposition"><see cref="ExchangeMessageDisposition.SendAndSaveCopy"/> or <see cref="ExchangeMessageDisposition.SendOnly"/> (what the connection asked for).</param>
/// <param name="RequestCount">EWS requests that carried the message: 1 normally; 2 + one per attachment on the CreateItem +
/// CreateAttachment + SendItem path; on gromox as MIME, one more per Bcc recipient. The one-time GetFolder that identifies the
/// server is not counted.</param>
/// <param name="RequestBytes">Bytes of SOAP sent by those requests together (their Content-Length; retries counted once).</param>
/// <param name="Elapsed">Wall time of the send.</param>
/// <param name="ServerVersion">The server's <c>ServerVersionInfo</c>, when it sent one.</param>
public sealed record ExchangeSendResult(
    string InternetMessageId,
    ExchangeMessageDisposition MessageDisposition,
    int RequestCount,
    long RequestBytes,
    TimeSpan Elapsed,
    ExchangeServerVersionInfo? ServerVersion)
{
    /// <summary>How the message travelled: <see cref="ExchangeMessageFormat.Items"/> or <see cref="ExchangeMessageFormat.Mime"/>
    /// (never <see cref="ExchangeMessageFormat.Automatic"/>: this is what the automatic choice chose).</summary>
    public ExchangeMessageFormat MessageFormat { get; init; } = ExchangeMessageFormat.Items;

    /// <summary>What the checks before the send noticed that did not stop it (an inline attachment the HTML body never
    /// references, a subject Exchange will cut…), each also logged at Warning level; empty when there was nothing.</summary>
    public IReadOnlyList<ExchangeSendWarning> Warnings { get; init; } = [];

    /// <summary>What <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/> did: <see cref="ExchangeOutcomeResolution.None"/>
    /// for a send that simply succeeded.</summary>
    public ExchangeOutcomeResolution OutcomeResolution { get; init; }

    /// <summary>The lookup behind <see cref="OutcomeResolution"/>, when one ran.</summary>
    public ExchangeMessageLookup? OutcomeLookup { get; init; }
}
