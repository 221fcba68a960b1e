using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Diagnostics;

/// <summary>Warnings of the checks before I/O (event ids 1400–1449): a message sent with a warning, a connection whose
/// settings work but should not stay as they are. Like every event, no body, address, file name or secret: a message
/// warning logs its code and field (the caller has the full text in <see cref="ExchangeSendResult.Warnings"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(1400, LogLevel.Warning, "{InternetMessageId} via {Connection} was sent with warning {Code} for {Field}: {Advice}")]
    public static partial void SentWithWarning(ILogger logger, string internetMessageId, string connection, string code, string field, string advice);

    [LoggerMessage(1401, LogLevel.Warning, "{Connection}: {Code} for {Field}: {Reason}")]
    public static partial void ConnectionWarning(ILogger logger, string connection, string code, string field, string reason);

    /// <summary>Logs each warning about a connection's settings (when its sender is built).</summary>
    public static void ConnectionWarnings(ILogger logger, ExchangeConnectionOptions options)
    {
        foreach (var warning in ExchangeConnectionWarnings.For(options))
        {
            ConnectionWarning(logger, options.SystemName, warning.Code, warning.Field, warning.Message);
        }
    }

    /// <summary>Logs each warning of a sent message; the advice is fixed per code, so no name or Content-ID is logged.</summary>
    public static void SentWithWarnings(ILogger logger, string internetMessageId, string connection, IReadOnlyList<ExchangeSendWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            SentWithWarning(logger, internetMessageId, connection, warning.Code, warning.Field, Advice(warning.Code));
        }
    }

    private static string Advice(string code) => code switch
    {
        ExchangeSendWarning.UnreferencedInlineAttachment =>
            "an inline attachment that no cid: reference of an HTML body points to; mail clients do not show it in the body (many hide it altogether)",
        ExchangeSendWarning.LongSubject => "a subject longer than the 255 characters Exchange keeps; the rest is cut",
        _ => "see ExchangeSendResult.Warnings",
    };
}
