namespace Exchange.Sending;

/// <summary>
/// EWS answered with an error <c>ResponseCode</c>: in a response message (<c>ResponseClass="Error"</c> or
/// <c>"Warning"</c>, HTTP 200) or in a SOAP fault (HTTP 500). <see cref="ResponseCode"/> carries the code exactly as received,
/// codes the schema does not list included.
/// </summary>
public class ExchangeServiceException : ExchangeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Actionable text.</param>
    /// <param name="responseCode">The <c>ResponseCode</c> exactly as received (for a SOAP fault without one, its faultcode).</param>
    /// <param name="connectionName">The connection's system name.</param>
    /// <param name="httpStatus">HTTP status of the response.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ExchangeServiceException(string message, ExchangeResponseCode responseCode, string? connectionName = null, int? httpStatus = null, Exception? innerException = null)
        : base(message, connectionName, innerException)
    {
        ResponseCode = responseCode;
        _httpStatus = httpStatus;
    }

    private readonly int? _httpStatus;

    /// <summary>The response code as received; compare with the static members (<c>ExchangeResponseCode.ErrorSendAsDenied</c>);
    /// <see cref="ExchangeResponseCode.IsKnown"/> says whether the schema lists it.</summary>
    public ExchangeResponseCode ResponseCode { get; }


    /// <summary>The server's <c>MessageText</c> / <c>faultstring</c> (localised; do not parse).</summary>
    public string? ServerMessage { get; init; }

    /// <summary>The raw <c>MessageXml</c> element, when present.</summary>
    public string? MessageXml { get; init; }

    /// <summary><see langword="true"/> when the error came as a SOAP fault rather than a response message.</summary>
    public bool IsSoapFault { get; init; }

    /// <summary>The EWS operation that failed, e.g. <c>CreateItem</c>.</summary>
    public string? Operation { get; init; }

    /// <summary>The server's <c>BackOffMilliseconds</c> hint (throttling), when present.</summary>
    public TimeSpan? BackOff { get; init; }

    /// <summary>The mailbox concerned: the refused sender address for <c>ErrorSendAsDenied</c>.</summary>
    public string? Mailbox { get; init; }

    /// <summary>The <c>t:ServerVersionInfo</c> the server reported with this error (or in an earlier answer on the connection),
    /// when known; for <c>ErrorInvalidServerVersion</c> the message names the <see cref="ExchangeVersion"/> it maps to.</summary>
    public ExchangeServerVersionInfo? ServerVersion { get; init; }

    /// <inheritdoc />
    public override int? HttpStatus => _httpStatus;

    /// <inheritdoc />
    public override bool IsTransient => ResponseCode.IsTransient;
}
