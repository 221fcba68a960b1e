namespace Exchange.Sending.Testing;

/// <summary>One HTTP request the server handled, as recorded after the response.</summary>
/// <param name="Sequence">1-based order of arrival.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path.</param>
/// <param name="Operation">Local name of the SOAP body's root element (e.g. <c>CreateItem</c>), or null when the body was not read or not SOAP.</param>
/// <param name="RequestServerVersion">The <c>t:RequestServerVersion/@Version</c>, or null when absent.</param>
/// <param name="HttpStatus">Status returned; 0 when the connection was dropped (by a fault or by the client) before an answer.</param>
/// <param name="ResponseCode">The EWS code returned (first response message's <c>ResponseCode</c>, or the SOAP fault's), or null.</param>
/// <param name="AuthorizationScheme">Scheme of the <c>Authorization</c> header (e.g. <c>Basic</c>, <c>Negotiate</c>), never the secret.</param>
/// <param name="AuthenticatedUser">Address of the authenticated caller, or null.</param>
/// <param name="AuthenticationPackage">Package reported by a custom authenticator, or the built-in scheme.</param>
/// <param name="ContentType">The request <c>Content-Type</c>.</param>
/// <param name="SoapAction">The <c>SOAPAction</c> header, if any.</param>
/// <param name="BodyBytes">Request body bytes read from the wire (after removing chunked framing); 0 when the body was not read.</param>
/// <param name="ConnectionId">Kestrel's TCP connection id.</param>
public sealed record FakeEwsRequest(
    long Sequence,
    string Method,
    string Path,
    string? Operation,
    string? RequestServerVersion,
    int HttpStatus,
    string? ResponseCode,
    string? AuthorizationScheme,
    string? AuthenticatedUser,
    string? AuthenticationPackage,
    string? ContentType,
    string? SoapAction,
    long BodyBytes,
    string ConnectionId)
{
    /// <summary>
    /// The request's <c>Content-Length</c> header in bytes, as the client declared it, or null when the request had none
    /// (a chunked body, or no body). Compare with <see cref="BodyBytes"/> (what was actually read).
    /// </summary>
    public long? ContentLength { get; init; }

    /// <summary>True when the request body was framed with <c>Transfer-Encoding: chunked</c> instead of a <c>Content-Length</c>.</summary>
    public bool IsChunked { get; init; }

    /// <summary>
    /// Null when the request was read completely. Otherwise why reading it failed, e.g. Kestrel's
    /// <c>"Unexpected end of request content."</c> when the body ended before <see cref="ContentLength"/> bytes arrived
    /// (then <see cref="HttpStatus"/> is 400, or 0 when the client had already gone), or the connection was reset
    /// mid-body. A request with an error never sends or stores a message.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>
    /// The queued fault that acted on this request (<see cref="FakeEwsServer.EnqueueFault"/>), or null. With a fault that
    /// processes the request first (<see cref="FakeEwsFault.DropConnectionAfterBodyRead"/>, the <c>ProcessThen…</c>
    /// faults), <see cref="ResponseCode"/> is the code of the real response the client did not get as such.
    /// </summary>
    public FakeEwsFault? Fault { get; init; }

    /// <summary>The user the request acted as through its <c>t:ExchangeImpersonation</c> header; <see langword="null"/> without one.</summary>
    public string? ImpersonatedUser { get; init; }

    /// <summary>The request's <c>X-AnchorMailbox</c> header; <see langword="null"/> when it had none.</summary>
    public string? AnchorMailbox { get; init; }
}
