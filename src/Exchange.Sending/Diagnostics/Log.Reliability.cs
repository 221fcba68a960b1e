using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Diagnostics;

/// <summary>Events of looking up sends whose outcome is unknown (1500–1549).</summary>
internal static partial class Log
{
    [LoggerMessage(1500, LogLevel.Information, "{Connection}: looking up {InternetMessageId} in Sent Items (filing time {FilingTimeMs} ms)")]
    public static partial void LookupStarting(ILogger logger, string connection, string internetMessageId, long filingTimeMs);

    [LoggerMessage(1501, LogLevel.Information, "{Connection}: {InternetMessageId} is {Status} ({Reason}) after {Searches} search(es) covering {CoveredMs} ms")]
    public static partial void LookupFinished(ILogger logger, string connection, string internetMessageId, string status, string reason, int searches, long coveredMs);

    [LoggerMessage(1502, LogLevel.Warning, "{Connection}: the outcome of {InternetMessageId} was unknown; looking it up before answering (ResolveUnknownOutcomes)")]
    public static partial void ResolvingUnknownOutcome(ILogger logger, string connection, string internetMessageId);

    [LoggerMessage(1503, LogLevel.Warning, "{Connection}: {InternetMessageId} was proven not sent ({Explanation}); sending it once more")]
    public static partial void ResendingProvenUnsent(ILogger logger, string connection, string internetMessageId, string explanation);

    [LoggerMessage(1504, LogLevel.Information, "{Connection}: deleted leftover draft {ItemId} of {InternetMessageId}")]
    public static partial void LeftoverDraftDeleted(ILogger logger, string connection, string itemId, string internetMessageId);
}
