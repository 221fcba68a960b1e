namespace Exchange.Sending;

/// <summary>No usable EWS answer: DNS, refused connection, TLS, time-out, an HTTP error without SOAP, or a
/// response that is not EWS at all. The message names the endpoint.</summary>
public class ExchangeTransportException : ExchangeException
{
    private readonly int? _httpStatus;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Actionable text naming the endpoint.</param>
    /// <param name="failure">What went wrong.</param>
    /// <param name="endpoint">The EWS endpoint.</param>
    /// <param name="connectionName">The connection's system name.</param>
    /// <param name="httpStatus">HTTP status, when a response arrived.</param>
    /// <param name="innerException">The cause.</param>
    public ExchangeTransportException(string message, ExchangeTransportFailure failure, Uri? endpoint, string? connectionName = null, int? httpStatus = null, Exception? innerException = null)
        : base(message, connectionName, innerException)
    {
        Failure = failure;
        Endpoint = endpoint;
        _httpStatus = httpStatus;
    }

    /// <summary>What went wrong.</summary>
    public ExchangeTransportFailure Failure { get; }

    /// <summary>The EWS endpoint that was called.</summary>
    public Uri? Endpoint { get; }

    /// <inheritdoc />
    public override int? HttpStatus => _httpStatus;

    /// <inheritdoc />
    /// <remarks>Never <see langword="true"/> when <see cref="ExchangeException.OutcomeUnknown"/> is: sending again could deliver the
    /// message twice, so look it up first (<see cref="IExchangeMailSender.FindSentMessageAsync"/>).</remarks>
    public override bool IsTransient => !OutcomeUnknown && Failure switch
    {
        ExchangeTransportFailure.ConnectionRefused or ExchangeTransportFailure.ConnectionLost or ExchangeTransportFailure.Timeout => true,
        ExchangeTransportFailure.HttpStatus => _httpStatus is 429 or 502 or 503 or 504,
        _ => false,
    };
}
