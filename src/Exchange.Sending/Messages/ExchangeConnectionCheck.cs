namespace Exchange.Sending;

/// <summary>The steps <see cref="IExchangeMailSender.TestConnectionAsync(CancellationToken)"/> goes through, in order.</summary>
public enum ExchangeConnectionCheckStep
{
    /// <summary>The connection is enabled (no network I/O).</summary>
    Enabled,
    /// <summary>The URL answers, and answers as EWS (SOAP).</summary>
    Endpoint,
    /// <summary>The server accepts the credentials.</summary>
    Authentication,
    /// <summary>The server accepts the configured <c>RequestServerVersion</c>.</summary>
    Version,
    /// <summary>The account has a mailbox the library can use (GetFolder of Sent Items).</summary>
    Mailbox,
    /// <summary>The account may send as <c>SenderAddress</c>: passed without a request when it is the account's own mailbox;
    /// otherwise the sender is resolved (EWS <c>ResolveNames</c>; failed when it resolves to no mailbox) and, unproven, a
    /// <see cref="ExchangeSendWarning.SendAsNotProven"/> warning is added; with
    /// <see cref="ExchangeConnectionCheckOptions.SendTestMessage"/> a test message from the sender to itself proves it (failed
    /// with <c>ErrorSendAsDenied</c> and the fix when the right is missing).</summary>
    Sender,
}

/// <summary>Outcome of one step.</summary>
public enum ExchangeConnectionCheckStatus
{
    /// <summary>The step succeeded.</summary>
    Passed,
    /// <summary>The step failed; <see cref="ExchangeConnectionCheckStepResult.Detail"/> says why.</summary>
    Failed,
    /// <summary>Not reached because an earlier step failed.</summary>
    Skipped,
}

/// <summary>One step of a connection check.</summary>
/// <param name="Step">Which step.</param>
/// <param name="Status">Passed, failed or skipped.</param>
/// <param name="Detail">What was found or what to fix.</param>
public sealed record ExchangeConnectionCheckStepResult(ExchangeConnectionCheckStep Step, ExchangeConnectionCheckStatus Status, string Detail);

/// <summary>The result of <see cref="IExchangeMailSender.TestConnectionAsync(CancellationToken)"/>: each step, the first that failed and why,
/// and the server's version. Build one for your own tests with <see cref="ExchangeModelFactory.ConnectionCheck"/>.</summary>
public sealed class ExchangeConnectionCheck
{
    internal ExchangeConnectionCheck(string connectionName, Uri? endpoint, IReadOnlyList<ExchangeConnectionCheckStepResult> steps,
        ExchangeServerVersionInfo? serverVersion, ExchangeException? error, TimeSpan elapsed, IReadOnlyList<string> offeredSchemes)
    {
        ConnectionName = connectionName;
        Endpoint = endpoint;
        Steps = steps;
        ServerVersion = serverVersion;
        Error = error;
        Elapsed = elapsed;
        OfferedAuthenticationSchemes = offeredSchemes;
    }

    /// <summary>The connection's system name.</summary>
    public string ConnectionName { get; }

    /// <summary>The EWS endpoint checked; <see langword="null"/> for a disabled connection.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Every step in order.</summary>
    public IReadOnlyList<ExchangeConnectionCheckStepResult> Steps { get; }

    /// <summary><see langword="true"/> when every step passed.</summary>
    public bool Succeeded => Steps.All(s => s.Status == ExchangeConnectionCheckStatus.Passed);

    /// <summary>The first step that failed, or <see langword="null"/>.</summary>
    public ExchangeConnectionCheckStep? FailedStep => Steps.FirstOrDefault(s => s.Status == ExchangeConnectionCheckStatus.Failed)?.Step;

    /// <summary>Why it failed, in a sentence (the failed step's detail), or <see langword="null"/>.</summary>
    public string? FailureReason => Steps.FirstOrDefault(s => s.Status == ExchangeConnectionCheckStatus.Failed)?.Detail;

    /// <summary>The server's <c>ServerVersionInfo</c>, when it answered.</summary>
    public ExchangeServerVersionInfo? ServerVersion { get; }

    /// <summary>The error behind the failed step, if any.</summary>
    public ExchangeException? Error { get; }

    /// <summary>Wall time of the check.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Authentication schemes the server offered in <c>WWW-Authenticate</c> (when it sent a 401).</summary>
    public IReadOnlyList<string> OfferedAuthenticationSchemes { get; }

    /// <summary>The HTTP authentication scheme that succeeded (<c>Negotiate</c>, <c>NTLM</c>, <c>Basic</c>…), when known.</summary>
    public string? AuthenticationScheme { get; init; }

    /// <summary>The Windows package that authenticated (<c>Kerberos</c> or <c>NTLM</c>), when known.</summary>
    public string? AuthenticationPackage { get; init; }

    /// <summary>The server implementation the answers point to (from <c>ServerVersionInfo</c> and the 401 realm).</summary>
    public ExchangeServerProduct Server { get; init; }

    /// <summary>The format sends on this connection will use (<see cref="ExchangeMessageFormat.Items"/> or
    /// <see cref="ExchangeMessageFormat.Mime"/>), as configured or as the automatic choice resolves for <see cref="Server"/>.</summary>
    public ExchangeMessageFormat MessageFormat { get; init; } = ExchangeMessageFormat.Items;

    /// <summary>Why <see cref="MessageFormat"/> was chosen, in a sentence.</summary>
    public string? MessageFormatReason { get; init; }

    /// <summary>What in the connection's settings works but should not stay as it is, or what the check could not prove:
    /// Basic authentication over <c>http://</c> (<see cref="ExchangeSendWarning.BasicAuthenticationOverHttp"/>), a
    /// <c>Version</c> newer than the server supports or too old for attachments inside CreateItem
    /// (<see cref="ExchangeSendWarning.VersionNewerThanServer"/>, <see cref="ExchangeSendWarning.VersionWithoutAttachmentsInCreateItem"/>),
    /// a step-down (<see cref="ExchangeSendWarning.VersionSteppedDown"/>), Send As not proven
    /// (<see cref="ExchangeSendWarning.SendAsNotProven"/>). Does not affect <see cref="Succeeded"/> (a health check reports
    /// Degraded). Empty when there is nothing, and for a disabled connection.</summary>
    public IReadOnlyList<ExchangeSendWarning> Warnings { get; init; } = [];

    /// <summary>The best <see cref="ExchangeVersion"/> for the server's <see cref="ServerVersion"/> (its <c>Version</c> attribute
    /// when that names a value, else by product version: 14.2 → Exchange2010_SP2, 15.0 → Exchange2013_SP1, 15.1/15.2 →
    /// Exchange2016, 15.20 and later (Exchange Online) → the newest; see docs/servers.md); <see langword="null"/> when the
    /// server reported no version, or one older than Exchange 2007 SP1.</summary>
    public ExchangeVersion? RecommendedVersion { get; init; }

    /// <summary>The <c>RequestServerVersion</c> the connection sends: the configured <see cref="ExchangeConnectionOptions.Version"/>,
    /// or the value <see cref="ExchangeConnectionOptions.AllowVersionFallback"/> stepped down to (then a
    /// <see cref="ExchangeSendWarning.VersionSteppedDown"/> warning says so). <see langword="null"/> for a disabled connection.</summary>
    public ExchangeVersion? RequestedVersion { get; init; }

    /// <summary>The Message-ID of the test message <see cref="ExchangeConnectionCheckOptions.SendTestMessage"/> asked for, when one
    /// was attempted (the <see cref="ExchangeConnectionCheckStep.Sender"/> step says whether it was sent, refused, or its outcome is
    /// unknown); <see langword="null"/> otherwise.</summary>
    public string? TestMessageId { get; init; }

    /// <summary>One line per step.</summary>
    public override string ToString() =>
        $"Connection '{ConnectionName}' ({Endpoint}): {(Succeeded ? "OK" : "FAILED at " + FailedStep)}"
        + (OfferedAuthenticationSchemes.Count > 0 ? $"; server offers {string.Join(", ", OfferedAuthenticationSchemes)}" : "")
        + (AuthenticationScheme is null ? "" : $"; authenticated with {AuthenticationScheme}{(AuthenticationPackage is null ? "" : " (" + AuthenticationPackage + ")")}")
        + (MessageFormatReason is null ? "" : $"; server {Server}, messages as {MessageFormat}: {MessageFormatReason}")
        + (RecommendedVersion is null ? "" : $"; Version {RequestedVersion}, best for the server {RecommendedVersion}")
        + string.Concat(Warnings.Select(w => $"; warning: {w.Message}"))
        + string.Concat(Steps.Select(s => $"{Environment.NewLine}  {s.Step}: {s.Status} - {s.Detail}"));
}

/// <summary>What <see cref="IExchangeMailSender.TestConnectionAsync(ExchangeConnectionCheckOptions, CancellationToken)"/> does beyond
/// the default check.</summary>
public sealed class ExchangeConnectionCheckOptions
{
    /// <summary>
    /// When <see langword="true"/>, the <see cref="ExchangeConnectionCheckStep.Sender"/> step proves that the account may send
    /// as <c>SenderAddress</c> by sending one small text message from <c>SenderAddress</c> to <c>SenderAddress</c> (subject
    /// "Exchange.Sending connection test (connection name)", through the connection's usual send path, so with its
    /// <c>SaveCopyToSentItems</c>); the step fails with <c>ErrorSendAsDenied</c> and the fix when the right is missing. The
    /// message really is delivered to the sender mailbox. Default <see langword="false"/>: nothing is sent.
    /// </summary>
    public bool SendTestMessage { get; set; }
}
