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
    /// <summary>Another network failure.</summary>
    Other,
}
