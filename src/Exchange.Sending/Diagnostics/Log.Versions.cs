using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Diagnostics;

/// <summary>Version discovery and the Send As proof (event ids 1460–1469).</summary>
internal static partial class Log
{
    [LoggerMessage(1460, LogLevel.Warning, "{Connection}: the server refused RequestServerVersion {Refused} (ErrorInvalidServerVersion, server {ServerVersion}); AllowVersionFallback steps the connection down once to {Version} and resends {Operation}. Set Version to {Version} in the connection's settings")]
    public static partial void VersionSteppedDown(ILogger logger, string connection, string refused, string version, string serverVersion, string operation);

    [LoggerMessage(1461, LogLevel.Information, "{Connection}: connection check sent test message {InternetMessageId} from SenderAddress to itself to prove Send As")]
    public static partial void SendTestSent(ILogger logger, string connection, string internetMessageId);
}
