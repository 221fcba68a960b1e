using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Diagnostics;

/// <summary>Events of batches (1620–1639).</summary>
internal static partial class Log
{
    [LoggerMessage(1620, LogLevel.Information, "{Connection}: batch of {Messages} message(s) done: {Sent} sent, {Failed} failed, {Unknown} outcome unknown, in {Requests} request(s)")]
    public static partial void BatchFinished(ILogger logger, string connection, int messages, int sent, int failed, int unknown, int requests);
}
