namespace Exchange.Sending;

/// <summary>The server refused the credentials (HTTP 401), or no usable authentication mechanism was available.</summary>
public class ExchangeAuthenticationException : ExchangeTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Actionable text; never contains the password.</param>
    /// <param name="endpoint">The EWS endpoint.</param>
    /// <param name="offeredSchemes">The <c>WWW-Authenticate</c> schemes the server offered (scheme names only).</param>
    /// <param name="connectionName">The connection's system name.</param>
    /// <param name="httpStatus">HTTP status (401), if a response arrived.</param>
    /// <param name="innerException">The cause.</param>
    public ExchangeAuthenticationException(string message, Uri? endpoint, IReadOnlyList<string> offeredSchemes, string? connectionName = null, int? httpStatus = 401, Exception? innerException = null)
        : base(message, ExchangeTransportFailure.HttpStatus, endpoint, connectionName, httpStatus, innerException)
    {
        OfferedSchemes = offeredSchemes;
    }

    /// <summary>Schemes the server offered in <c>WWW-Authenticate</c>, e.g. <c>Negotiate</c>, <c>NTLM</c>, <c>Basic</c>.</summary>
    public IReadOnlyList<string> OfferedSchemes { get; }

    /// <summary>Why authentication failed, as far as the client can tell (the strategy's diagnosis).</summary>
    public ExchangeAuthenticationFailureReason FailureReason { get; init; } = ExchangeAuthenticationFailureReason.CredentialsRejected;

    /// <inheritdoc />
    public override bool IsTransient => false;
}
