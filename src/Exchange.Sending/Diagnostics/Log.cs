using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Diagnostics;

/// <summary>Every log event of the library, source-generated. Arguments are counts, codes, ids and sizes: never a
/// body, a password or a header value. The connection's <see cref="ExchangeLogMode"/> filters them (<see cref="LogModeLogger"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Sending {InternetMessageId} via {Connection}: {RecipientCount} recipients, {AttachmentCount} attachments, {Calls} EWS call(s)")]
    public static partial void SendStarting(ILogger logger, string internetMessageId, string connection, int recipientCount, int attachmentCount, int calls);

    [LoggerMessage(1002, LogLevel.Information, "{Connection}: {Operation} answered HTTP {HttpStatus} {ResponseCode}; {RequestBytes} bytes sent in {ElapsedMs} ms")]
    public static partial void RequestCompleted(ILogger logger, string connection, string operation, int httpStatus, string responseCode, long requestBytes, long elapsedMs);

    [LoggerMessage(1003, LogLevel.Information, "Sent {InternetMessageId} via {Connection} ({MessageDisposition}) to {RecipientCount} recipients, {RequestBytes} bytes, in {ElapsedMs} ms")]
    public static partial void MessageSent(ILogger logger, string internetMessageId, string connection, string messageDisposition, int recipientCount, long requestBytes, long elapsedMs);

    [LoggerMessage(1004, LogLevel.Error, "Sending {InternetMessageId} via {Connection} failed: {ResponseCode} (HTTP status {HttpStatus}, transient {IsTransient}, outcome unknown {OutcomeUnknown}): {Reason}")]
    private static partial void SendFailedCore(ILogger logger, string internetMessageId, string connection, string responseCode, string httpStatus, bool isTransient, bool outcomeUnknown, string reason);

    /// <summary>Logs a failed send; a missing HTTP status (nothing answered) reads "none".</summary>
    public static void SendFailed(ILogger logger, string internetMessageId, string connection, string responseCode, int? httpStatus, bool isTransient, bool outcomeUnknown, string reason) =>
        SendFailedCore(logger, internetMessageId, connection, responseCode, httpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", isTransient, outcomeUnknown, reason);

    [LoggerMessage(1005, LogLevel.Warning, "{Connection}: {Operation} attempt {Attempt} failed with {Reason}; retrying in {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string connection, string operation, int attempt, string reason, long delayMs);

    [LoggerMessage(1006, LogLevel.Warning, "{Connection} is disabled; nothing was sent")]
    public static partial void ConnectionDisabled(ILogger logger, string connection);

    [LoggerMessage(1007, LogLevel.Information, "Connection check of {Connection} passed in {ElapsedMs} ms; server {ServerVersion}")]
    public static partial void CheckPassed(ILogger logger, string connection, long elapsedMs, string serverVersion);

    [LoggerMessage(1008, LogLevel.Error, "Connection check of {Connection} failed at step {Step}: {Reason}")]
    public static partial void CheckFailed(ILogger logger, string connection, string step, string reason);

    [LoggerMessage(1009, LogLevel.Error, "{Connection}: draft {ItemId} could not be deleted after a failed send: {Reason}")]
    public static partial void DraftNotDeleted(ILogger logger, string connection, string itemId, string reason);

    [LoggerMessage(1010, LogLevel.Debug, "{Connection}: authenticating with a small GetFolder before {Operation}, so the large body is sent once")]
    public static partial void PreAuthenticating(ILogger logger, string connection, string operation);

    [LoggerMessage(1011, LogLevel.Information, "{Connection}: attachments go in separate CreateAttachment calls because Version {Version} is older than Exchange2010_SP2")]
    public static partial void UsingThreeCallPath(ILogger logger, string connection, string version);

    [LoggerMessage(1012, LogLevel.Debug, "{Connection}: messages travel as {MessageFormat}. {Reason}")]
    public static partial void MessageFormatChosen(ILogger logger, string connection, string messageFormat, string reason);
}
