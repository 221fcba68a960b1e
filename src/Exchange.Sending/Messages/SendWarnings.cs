using Exchange.Sending.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Exchange.Sending;

/// <summary>Puts the warnings of the checks before a send into its result, and logs them (event 1400).</summary>
internal static class SendWarnings
{
    /// <summary>The result with <paramref name="warnings"/>, each logged with the result's Message-ID.</summary>
    public static ExchangeSendResult WithWarnings(this ExchangeSendResult result, IReadOnlyList<ExchangeSendWarning> warnings, ILogger logger, string connectionName)
    {
        if (warnings.Count == 0)
        {
            return result;
        }

        Log.SentWithWarnings(logger, result.InternetMessageId, connectionName, warnings);
        return result with { Warnings = warnings };
    }
}
