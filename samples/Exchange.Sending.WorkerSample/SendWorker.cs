using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.WorkerSample;

/// <summary>
/// Checks the connection's health once (a worker has no HTTP endpoint to probe), sends a few messages through
/// <see cref="IExchangeMailSenderFactory"/> and logs each result: sent, failed with its response code, or outcome
/// unknown with its Message-ID (then looked up in Sent Items). With <c>--once</c> it then stops the host, exit code 0
/// when everything went as expected and 1 otherwise; without it the host keeps running until Ctrl+C.
/// </summary>
internal sealed partial class SendWorker(
    IExchangeMailSenderFactory senders,
    HealthCheckService healthChecks,
    IOptions<SampleOptions> sampleOptions,
    IHostApplicationLifetime lifetime,
    IMeterFactory meterFactory,
    ILogger<SendWorker> logger,
    LoopbackServer? loopback = null) : BackgroundService
{
    /// <summary>The sample's own ActivitySource and Meter, beside the library's "Exchange.Sending" (Program.cs).</summary>
    public const string TelemetryName = "Exchange.Sending.WorkerSample";

    private static readonly ActivitySource ActivitySource = new(TelemetryName);

    private readonly SampleOptions _options = sampleOptions.Value;

    // The factory owns the meter (and disposes it with the container): a counter of sends by outcome.
    private readonly Counter<long> _sends = meterFactory.Create(TelemetryName)
        .CreateCounter<long>("sample.sends", unit: "{message}", description: "Sends of the worker sample, by outcome");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ok = false;
        try
        {
            ok = await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopping(logger);
        }
#pragma warning disable CA1031 // A sample's worker logs whatever stops it and ends the host with exit code 1.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, ex);
        }

        if (_options.Once || !ok)
        {
            Environment.ExitCode = ok ? 0 : 1;
            LogDone(logger, ok ? "as expected" : "NOT as expected", Environment.ExitCode);
            lifetime.StopApplication();
            return;
        }

        LogWaiting(logger);
        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        // 1. Health: the checks Exchange.Sending.HealthChecks registered (one per connection), run once and logged.
        var report = await healthChecks.CheckHealthAsync(cancellationToken);
        foreach (var (name, entry) in report.Entries)
        {
            var data = string.Join(", ", entry.Data.Select(d => $"{d.Key}={d.Value}"));
            var level = entry.Status == HealthStatus.Healthy ? LogLevel.Information : LogLevel.Warning;
            LogHealth(logger, level, name, entry.Status, entry.Description, (long)entry.Duration.TotalMilliseconds, data);
        }
        var healthOk = loopback is null ? report.Status != HealthStatus.Unhealthy : report.Status == HealthStatus.Healthy;
        LogHealthReport(logger, report.Status, report.Entries.Count);

        // 2. A few messages. Get() returns the connection's current sender (a new one after its settings reload).
        var sender = senders.Get(_options.ConnectionName);
        var messages = CreateMessages();
        var asExpected = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var expected = loopback?.Arrange(i) ?? ExpectedOutcome.Sent;
            using var activity = ActivitySource.StartActivity("sample send");
            activity?.SetTag("sample.index", i + 1);
            var outcome = await SendOneAsync(sender, messages[i], i + 1, messages.Count, cancellationToken);
            activity?.SetTag("sample.outcome", outcome.ToString());
            _sends.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

            // Outside loopback every message should be sent (an unknown outcome found in Sent Items counts as sent).
            var matches = loopback is null
                ? outcome is ExpectedOutcome.Sent or ExpectedOutcome.UnknownThenFound
                : outcome == expected;
            if (matches)
            {
                asExpected++;
            }
            else
            {
                LogUnexpectedOutcome(logger, i + 1, outcome, expected);
            }
        }

        var received = loopback?.Server.SentMessages.Count;
        LogSummary(logger, asExpected, messages.Count, report.Status, received is null ? "" : $"; the bundled server received {received} message(s)");
        // In loopback mode the second send was refused, so the server holds the first and the third.
        return healthOk && asExpected == messages.Count && (received is null || received == messages.Count - 1);
    }

    private async Task<ExpectedOutcome> SendOneAsync(IExchangeMailSender sender, ExchangeMailMessage message, int number, int count, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sender.SendAsync(message, cancellationToken);
            foreach (var warning in result.Warnings)
            {
                LogSendWarning(logger, number, warning.Code, warning.Field, warning.Message);
            }
            if (result.OutcomeResolution != ExchangeOutcomeResolution.None)
            {
                // ResolveUnknownOutcomes is on: SendAsync looked the message up itself (and sent it again if proven absent).
                LogResolvedBySend(logger, number, count, result.InternetMessageId, result.OutcomeResolution, result.OutcomeLookup?.Explanation);
                return ExpectedOutcome.UnknownThenFound;
            }
            LogSent(logger, number, count, message.Subject, result.InternetMessageId, result.MessageFormat, result.RequestBytes, (long)result.Elapsed.TotalMilliseconds);
            return ExpectedOutcome.Sent;
        }
        catch (ExchangeException ex) when (ex.OutcomeUnknown)
        {
            // The request went out whole and its answer was lost: the message may have been sent. Do not resend blindly.
            LogOutcomeUnknown(logger, number, count, ex.InternetMessageId, ex.GetType().Name, ex.Message);
            return await ResolveAsync(sender, message, number, ex.InternetMessageId, ex.OutcomeLookup, cancellationToken);
        }
        catch (ExchangeSendCanceledException ex) when (ex.OutcomeUnknown && cancellationToken.IsCancellationRequested)
        {
            // Stopping while a send was in flight: log the Message-ID so the message can be looked up on the next start.
            LogCanceledUnknown(logger, number, count, ex.InternetMessageId);
            throw;
        }
        catch (ExchangeServiceException ex)
        {
            // EWS answered with a response code: nothing was sent. ex.Message says what it means and how to fix it.
            LogFailedWithCode(logger, number, count, ex.ResponseCode.ToString(), ex.IsTransient, ex.Message);
            return ExpectedOutcome.Failed;
        }
        catch (ExchangeException ex)
        {
            // Validation, authentication, transport, a disabled connection...: nothing was sent.
            LogFailed(logger, number, count, ex.GetType().Name, ex.IsTransient, ex.Message);
            return ExpectedOutcome.Failed;
        }
    }

    private async Task<ExpectedOutcome> ResolveAsync(IExchangeMailSender sender, ExchangeMailMessage message, int number, string? internetMessageId,
        ExchangeMessageLookup? lookup, CancellationToken cancellationToken)
    {
        if (lookup is null && internetMessageId is not null && _options.FindUnknownOutcomes)
        {
            // Sent Items, by Message-ID (and subject); waits up to the filing time for the server to file its copy.
            lookup = await sender.FindSentMessageAsync(internetMessageId, new ExchangeMessageLookupOptions { Subject = message.Subject }, cancellationToken);
        }
        if (lookup is null)
        {
            LogNotLookedUp(logger, number, internetMessageId);
            return ExpectedOutcome.Failed;
        }

        LogLookup(logger, number, lookup.InternetMessageId, lookup.Status, lookup.Explanation);
        // Sent: nothing to do. NotFound: proven not sent, so sending it again (with the same InternetMessageId) is safe;
        // the sample only reports it. Undecidable: someone has to look.
        return lookup.Status == ExchangeMessageLookupStatus.Sent ? ExpectedOutcome.UnknownThenFound : ExpectedOutcome.Failed;
    }

    private List<ExchangeMailMessage> CreateMessages()
    {
        var to = _options.To.Select(ExchangeMailbox.Parse).ToList();
        var messages = new List<ExchangeMailMessage>();
        for (var i = 1; i <= 3; i++)
        {
            var message = new ExchangeMailMessage
            {
                Subject = $"Worker sample message {i} of 3",
                Body = i == 2
                    ? ExchangeMessageBody.Html($"<p>Message <b>{i}</b> from the Exchange.Sending worker sample, with an attachment.</p>")
                    : ExchangeMessageBody.Text($"Message {i} from the Exchange.Sending worker sample."),
                Headers = { ["X-Sample-Run"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
            };
            foreach (var mailbox in to)
            {
                message.To.Add(mailbox);
            }
            if (i == 2)
            {
                message.Attachments.Add(ExchangeAttachment.FromBytes("report.txt", "Numbers of the day: 1, 2, 3."u8.ToArray(), "text/plain"));
            }
            messages.Add(message);
        }
        return messages;
    }

    [LoggerMessage(EventId = 1, Message = "Health {Name}: {Status} {Description} ({DurationMs} ms) {Data}")]
    private static partial void LogHealth(ILogger logger, LogLevel level, string name, HealthStatus status, string? description, long durationMs, string data);

    [LoggerMessage(2, LogLevel.Information, "Health report: {Status} with {Count} check(s)")]
    private static partial void LogHealthReport(ILogger logger, HealthStatus status, int count);

    [LoggerMessage(3, LogLevel.Information, "Send {Number}/{Count}: sent '{Subject}' as {InternetMessageId} ({Format}, {Bytes} bytes, {ElapsedMs} ms)")]
    private static partial void LogSent(ILogger logger, int number, int count, string? subject, string internetMessageId, ExchangeMessageFormat format, long bytes, long elapsedMs);

    [LoggerMessage(4, LogLevel.Warning, "Send {Number}/{Count}: failed with response code {ResponseCode} (transient: {IsTransient}): {Message}")]
    private static partial void LogFailedWithCode(ILogger logger, int number, int count, string responseCode, bool isTransient, string message);

    [LoggerMessage(5, LogLevel.Warning, "Send {Number}/{Count}: failed, {ErrorType} (transient: {IsTransient}): {Message}")]
    private static partial void LogFailed(ILogger logger, int number, int count, string errorType, bool isTransient, string message);

    [LoggerMessage(6, LogLevel.Warning, "Send {Number}/{Count}: outcome unknown for Message-ID {InternetMessageId} ({ErrorType}): {Message}")]
    private static partial void LogOutcomeUnknown(ILogger logger, int number, int count, string? internetMessageId, string errorType, string message);

    [LoggerMessage(7, LogLevel.Information, "Send {Number}: looked up {InternetMessageId} in Sent Items: {Status}. {Explanation}")]
    private static partial void LogLookup(ILogger logger, int number, string internetMessageId, ExchangeMessageLookupStatus status, string explanation);

    [LoggerMessage(8, LogLevel.Warning, "Send {Number}: not looked up; call FindSentMessageAsync(\"{InternetMessageId}\") before sending it again (or set Sample:FindUnknownOutcomes, or the connection's ResolveUnknownOutcomes)")]
    private static partial void LogNotLookedUp(ILogger logger, int number, string? internetMessageId);

    [LoggerMessage(9, LogLevel.Information, "Send {Number}/{Count}: {InternetMessageId} had an unknown outcome; SendAsync resolved it: {Resolution}. {Explanation}")]
    private static partial void LogResolvedBySend(ILogger logger, int number, int count, string internetMessageId, ExchangeOutcomeResolution resolution, string? explanation);

    [LoggerMessage(10, LogLevel.Warning, "Send {Number}/{Count}: stopped while in flight; look up Message-ID {InternetMessageId} with FindSentMessageAsync before sending it again")]
    private static partial void LogCanceledUnknown(ILogger logger, int number, int count, string? internetMessageId);

    [LoggerMessage(11, LogLevel.Warning, "Send {Number}: warning {Code} ({Field}): {Message}")]
    private static partial void LogSendWarning(ILogger logger, int number, string code, string field, string message);

    [LoggerMessage(12, LogLevel.Error, "Send {Number}: outcome {Outcome}, expected {Expected}")]
    private static partial void LogUnexpectedOutcome(ILogger logger, int number, ExpectedOutcome outcome, ExpectedOutcome expected);

    [LoggerMessage(13, LogLevel.Information, "Sample summary: {AsExpected} of {Count} sends as expected, health {Status}{Received}")]
    private static partial void LogSummary(ILogger logger, int asExpected, int count, HealthStatus status, string received);

    [LoggerMessage(14, LogLevel.Information, "Sample done ({Verdict}); exit code {ExitCode}")]
    private static partial void LogDone(ILogger logger, string verdict, int exitCode);

    [LoggerMessage(15, LogLevel.Information, "Sends done; the worker keeps running until Ctrl+C (metrics are exported to the console meanwhile)")]
    private static partial void LogWaiting(ILogger logger);

    [LoggerMessage(16, LogLevel.Information, "Stopping")]
    private static partial void LogStopping(ILogger logger);

    [LoggerMessage(17, LogLevel.Error, "The worker failed")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
