namespace Exchange.Sending;

/// <summary>Why no usable EWS answer arrived.</summary>
public enum ExchangeTransportFailure
{
    /// <summary>The host name could not be resolved (DNS).</summary>
    NameResolution,
    /// <summary>Nothing accepted the TCP connection (wrong host or port, service down).</summary>
    ConnectionRefused,
    /// <summary>The connection closed before a complete response arrived.</summary>
    ConnectionLost,
    /// <summary>The TLS handshake failed (certificate, protocol).</summary>
    Tls,
    /// <summary>No response within <see cref="ExchangeConnectionOptions.RequestTimeout"/>.</summary>
    Timeout,
    /// <summary>The server answered with an HTTP error status and no SOAP body (403, 404, 413, 503…).</summary>
    HttpStatus,
    /// <summary>The server answered, but not with SOAP: the URL is not an EWS endpoint (an HTML page, say).</summary>
    NotEws,
    /// <summary>The server redirected the request; EWS requests are not followed to another URL.</summary>
    Redirect,
    /// <summary>The server closed the connection while the request body was still being sent, without an answer the client
    /// could read: it refused the request before reading all of it (most often a request-size limit, or authentication),
    /// so nothing was delivered. Not transient: the same request fails the same way. Large requests to servers that
    /// answer <c>Expect: 100-continue</c> (IIS, Exchange) get the refusal's HTTP status instead.</summary>
    UploadAborted,
    /// <summary>Another network failure.</summary>
    Other,
    /// <summary>The server answered with XML that cannot be believed: not well-formed (cut short, broken markup), or not the
    /// answer to the request (another operation's response, a different number of response messages than items sent, a
    /// <c>ResponseClass</c> that contradicts its <c>ResponseCode</c>). Not transient. For a request that sends mail and went out
    /// whole, <see cref="ExchangeException.OutcomeUnknown"/> is <see langword="true"/>: look the message up before resending.</summary>
    InvalidResponse,
}
