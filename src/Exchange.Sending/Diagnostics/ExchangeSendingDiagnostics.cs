namespace Exchange.Sending;

/// <summary>
/// Names of the library's traces, metrics and log categories, for a host to subscribe to (see docs/telemetry.md). Both
/// are plain <c>System.Diagnostics</c>: with OpenTelemetry, <c>.AddSource(ExchangeSendingDiagnostics.ActivitySourceName)</c>
/// and <c>.AddMeter(ExchangeSendingDiagnostics.MeterName)</c>. Nothing is recorded (and nothing allocated for it) while
/// no listener is attached. No span, metric or tag carries a recipient, a subject, a body or a credential.
/// </summary>
public static class ExchangeSendingDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/>: a span per send and a child span per EWS request.</summary>
    public const string ActivitySourceName = "Exchange.Sending";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/>: messages sent and failed, request durations, retries,
    /// throttling back-off and requests in flight.</summary>
    public const string MeterName = "Exchange.Sending";

    /// <summary>The prefix of each connection's log category: a sender logs as <c>Exchange.Sending.Connection.{SystemName}</c>,
    /// so a host's <c>Logging:LogLevel</c> rules (and a file provider's filters) can route one connection.</summary>
    public const string ConnectionLogCategoryPrefix = "Exchange.Sending.Connection.";

    /// <summary>The name of the span of one send (<c>SendAsync</c>), kind Internal.</summary>
    public const string SendActivityName = "Exchange.Sending.Send";

    /// <summary>The counter of messages the server accepted, unit <c>{message}</c>.</summary>
    public const string MessagesSentMetric = "exchange.sending.messages.sent";

    /// <summary>The counter of sends that failed (an unknown outcome included, tagged), unit <c>{message}</c>.</summary>
    public const string MessagesFailedMetric = "exchange.sending.messages.failed";

    /// <summary>The histogram of EWS request durations, unit <c>s</c>.</summary>
    public const string RequestDurationMetric = "exchange.sending.request.duration";

    /// <summary>The up-down counter of EWS requests in flight, unit <c>{request}</c>.</summary>
    public const string ActiveRequestsMetric = "exchange.sending.active_requests";

    /// <summary>The counter of retries scheduled, unit <c>{retry}</c>.</summary>
    public const string RetriesMetric = "exchange.sending.retries";

    /// <summary>The histogram of delays waited before retrying a throttled request (the server's <c>BackOffMilliseconds</c>), unit <c>s</c>.</summary>
    public const string ThrottlingBackOffMetric = "exchange.sending.throttling.backoff";
}
