using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Diagnostics;

internal static partial class Log
{
    // Never the token: only the connection, the operation and the status.
    [LoggerMessage(1600, LogLevel.Information, "{Connection}: {Operation} answered HTTP {HttpStatus}: the bearer token was refused (expired or revoked); sending the request once more with a newly fetched token")]
    public static partial void ResendingWithNewToken(ILogger logger, string connection, string operation, int httpStatus);
}
