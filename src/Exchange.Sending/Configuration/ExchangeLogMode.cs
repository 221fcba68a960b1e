namespace Exchange.Sending;

/// <summary>How much a connection logs through <c>ILogger</c>. Secrets are never logged in any mode.</summary>
public enum ExchangeLogMode
{
    /// <summary>Every step of message processing: operation, recipient count, request size, response code, elapsed milliseconds. Never bodies or secrets.</summary>
    Full = 0,
    /// <summary>Failures only (warnings and errors).</summary>
    ErrorsOnly = 1,
    /// <summary>Nothing.</summary>
    Off = 2,
}
