namespace Exchange.Sending.Testing;

/// <summary>
/// A scripted misbehaviour for one request, queued with <see cref="FakeEwsServer.EnqueueFault"/>. Create instances
/// with the static factories.
/// </summary>
public abstract record FakeEwsFault
{
    private protected FakeEwsFault()
    {
    }

    /// <summary>True when the fault acts before the request body is read (HTTP-level faults, delays, early drops).</summary>
    internal abstract bool BeforeBody { get; }

    /// <summary>
    /// Answers with a normal response message of the request's operation carrying <paramref name="code"/> (HTTP 200),
    /// e.g. <c>ErrorServerBusy</c> or <c>ErrorSendAsDenied</c>. Nothing is stored or sent.
    /// </summary>
    /// <param name="code">The <c>m:ResponseCode</c>.</param>
    /// <param name="messageText">The <c>m:MessageText</c>; a generic text when null.</param>
    /// <param name="messageXml">Raw XML placed inside <c>m:MessageXml</c>, e.g. <c>&lt;t:Value Name="BackOffMilliseconds"&gt;500&lt;/t:Value&gt;</c> (the <c>t:</c> prefix is declared).</param>
    /// <param name="responseClass"><c>Error</c> or <c>Warning</c>.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault ResponseCode(string code, string? messageText = null, string? messageXml = null, string responseClass = "Error")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new ResponseCodeFault(code, messageText, messageXml, responseClass);
    }

    /// <summary>
    /// Answers HTTP 500 with an Exchange-shaped SOAP fault: <c>faultcode</c> <c>a:{code}</c> in the types namespace,
    /// <c>detail/e:ResponseCode</c> and <c>e:Message</c> in the errors namespace, and <c>t:MessageXml</c> when given.
    /// </summary>
    /// <param name="code">The EWS response code.</param>
    /// <param name="faultString">The <c>faultstring</c>; a generic text when null.</param>
    /// <param name="messageXml">Raw XML placed inside <c>t:MessageXml</c> (the <c>t:</c> prefix is declared).</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault SoapFault(string code, string? faultString = null, string? messageXml = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return new SoapFaultFault(code, faultString, messageXml);
    }

    /// <summary>An <c>ErrorServerBusy</c> SOAP fault (HTTP 500), with <c>&lt;t:Value Name="BackOffMilliseconds"&gt;</c> when a value is given.</summary>
    /// <param name="backOffMilliseconds">The back-off hint, or null for none.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault ServerBusy(int? backOffMilliseconds) =>
        new SoapFaultFault(
            "ErrorServerBusy",
            "The server cannot service this request right now. Try again later.",
            backOffMilliseconds is { } ms ? $"<t:Value Name=\"BackOffMilliseconds\">{ms}</t:Value>" : null);

    /// <summary>Answers with a bare HTTP status and an IIS-like body (e.g. 401, 403, 404, 413, 500, 503, 507).</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="body">The body; an IIS-like HTML page when null.</param>
    /// <param name="contentType">The content type; <c>text/html</c> when null.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault HttpStatus(int status, string? body = null, string? contentType = null) => new HttpStatusFault(status, body, contentType);

    /// <summary>
    /// Answers with <paramref name="status"/> as soon as the request headers are read, <b>without reading the body</b>,
    /// then closes the connection (<c>Connection: close</c>): what IIS/HTTP.sys and gromox do when they refuse an upload
    /// on its headers (413 too large, 400, 401). The response is written and flushed before the close, so it is on the
    /// wire while the client may still be uploading; whether the client surfaces it depends on the client and the body
    /// size (docs/testing-server.md describes what .NET's HttpClient does). Nothing is processed;
    /// <see cref="FakeEwsRequest.BodyBytes"/> is 0. A 401 adds the same <c>WWW-Authenticate</c> headers as
    /// <see cref="HttpStatus"/>. Targeted at an operation, it acts early only when the <c>SOAPAction</c> header names
    /// it; otherwise it answers after the body was read (and still closes).
    /// </summary>
    /// <param name="status">The HTTP status code, e.g. 400, 401, 413.</param>
    /// <param name="body">The body; an IIS-like HTML page when null.</param>
    /// <param name="contentType">The content type; <c>text/html</c> when null.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault RespondBeforeBodyRead(int status, string? body = null, string? contentType = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return new EarlyResponseFault(status, body, contentType);
    }

    /// <summary>Waits, then handles the request normally.</summary>
    /// <param name="delay">How long to wait before reading the request.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault Delay(TimeSpan delay) => new DelayFault(delay);

    /// <summary>Aborts the TCP connection before the request body is read.</summary>
    /// <returns>The fault.</returns>
    public static FakeEwsFault DropConnectionBeforeBodyRead() => new DropFault(AfterBody: false);

    /// <summary>
    /// Reads and processes the request (a message is really sent/stored), then aborts the TCP connection without
    /// answering: the response is lost, as when a connection breaks after Exchange accepted the request.
    /// </summary>
    /// <returns>The fault.</returns>
    public static FakeEwsFault DropConnectionAfterBodyRead() => new DropFault(AfterBody: true);

    /// <summary>
    /// Reads and <b>processes the request normally</b> (a message is really sent and stored; <see cref="FakeEwsServer.SentMessages"/>
    /// and the folders show it), then sends <paramref name="body"/> instead of the real response, with an exact
    /// <c>Content-Length</c>. For contradictory or misleading answers after the fact: a <c>Success</c> message followed by an
    /// <c>Error</c> one, another operation's response element, <c>ResponseClass="Success"</c> with <c>ErrorServerBusy</c>,
    /// a 200 <c>text/xml</c> without any response message. The request log keeps the real response code
    /// (<see cref="FakeEwsRequest.ResponseCode"/>) and shows <paramref name="status"/> as its HTTP status. To answer
    /// without processing, use <see cref="HttpStatus"/> (it takes any status, body and content type).
    /// </summary>
    /// <param name="body">The raw response body, sent as UTF-8 exactly as given (may be empty).</param>
    /// <param name="contentType">The <c>Content-Type</c> header.</param>
    /// <param name="status">The HTTP status, 200–599.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="contentType"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is outside 200–599.</exception>
    public static FakeEwsFault ProcessThenRespond(string body, string contentType = "text/xml; charset=utf-8", int status = 200)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        return new ProcessThenRespondFault(body, contentType, status);
    }

    /// <summary>
    /// Processes the request normally (a message is really sent and stored), then sends only the first
    /// <paramref name="bytes"/> bytes of the real response body, with its real status and content type and a
    /// <c>Content-Length</c> of that many bytes: the client receives a complete HTTP message whose XML is cut short, so
    /// not well-formed. The body is always cut: when it is not longer than <paramref name="bytes"/>, all but its last
    /// byte are sent.
    /// </summary>
    /// <param name="bytes">How many bytes of the real body to send (0 sends an empty body).</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative.</exception>
    public static FakeEwsFault ProcessThenTruncateResponse(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new ProcessThenTruncateFault(bytes);
    }

    /// <summary>
    /// Processes the request normally (a message is really sent and stored), then sends the real response with
    /// <paramref name="insert"/> inserted verbatim (as UTF-8, not escaped) and an exact <c>Content-Length</c>. With
    /// <see cref="FakeEwsCorruptionSite.ResponseCodeText"/> (the default) it goes at the start of the text of the first
    /// <c>ResponseCode</c> element (<c>&lt;m:ResponseCode&gt;{insert}NoError&lt;/m:ResponseCode&gt;</c>; in a SOAP fault,
    /// <c>e:ResponseCode</c>); with <see cref="FakeEwsCorruptionSite.AfterEnvelopeStartTag"/> right after the
    /// <c>s:Envelope</c> start tag. A response without a <c>ResponseCode</c> element gets it after the Envelope start tag.
    /// Typical inserts: <c>"\u0001"</c> (a control character XML 1.0 forbids), <c>"&amp;#x1B;"</c> (a character
    /// reference to one), <c>"&lt;"</c>.
    /// </summary>
    /// <param name="insert">The text to insert; not empty.</param>
    /// <param name="site">Where to insert it.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException"><paramref name="insert"/> is null or empty, or <paramref name="site"/> is not a defined value.</exception>
    public static FakeEwsFault ProcessThenCorruptResponse(string insert, FakeEwsCorruptionSite site = FakeEwsCorruptionSite.ResponseCodeText)
    {
        ArgumentException.ThrowIfNullOrEmpty(insert);
        if (!Enum.IsDefined(site))
        {
            throw new ArgumentException($"'{site}' is not a {nameof(FakeEwsCorruptionSite)} value.", nameof(site));
        }

        return new ProcessThenCorruptFault(insert, site);
    }

    /// <summary>
    /// Processes the request normally (a message is really sent and stored), then waits <paramref name="delay"/> before
    /// sending the real response: a client time-out after the server has done the work. If the client gives up and
    /// closes the connection meanwhile, nothing is sent and the request is logged with HTTP status 0 (its
    /// <see cref="FakeEwsRequest.ResponseCode"/> is still the real one). The wait is in real time.
    /// </summary>
    /// <param name="delay">How long to wait after processing; not negative.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static FakeEwsFault ProcessThenDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new ProcessThenDelayFault(delay);
    }

    /// <summary>Answers with a redirect to <paramref name="location"/>.</summary>
    /// <param name="location">The <c>Location</c> header.</param>
    /// <param name="status">301, 302, 307 or 308.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault Redirect(string location, int status = 302)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return new RedirectFault(location, status);
    }

    /// <summary>Answers with an HTML sign-in page (as a misconfigured proxy or OWA would) instead of SOAP.</summary>
    /// <param name="status">The HTTP status, 200 by default.</param>
    /// <returns>The fault.</returns>
    public static FakeEwsFault HtmlPage(int status = 200) => new HtmlPageFault(status);

    internal sealed record ResponseCodeFault(string Code, string? MessageText, string? MessageXml, string ResponseClass) : FakeEwsFault
    {
        internal override bool BeforeBody => false;
    }

    internal sealed record SoapFaultFault(string Code, string? FaultString, string? MessageXml) : FakeEwsFault
    {
        internal override bool BeforeBody => false;
    }

    internal sealed record HttpStatusFault(int Status, string? Body, string? ContentType) : FakeEwsFault
    {
        internal override bool BeforeBody => true;
    }

    internal sealed record EarlyResponseFault(int Status, string? Body, string? ContentType) : FakeEwsFault
    {
        internal override bool BeforeBody => true;
    }

    internal sealed record DelayFault(TimeSpan Duration) : FakeEwsFault
    {
        internal override bool BeforeBody => true;
    }

    internal sealed record DropFault(bool AfterBody) : FakeEwsFault
    {
        internal override bool BeforeBody => !AfterBody;
    }

    internal sealed record RedirectFault(string Location, int Status) : FakeEwsFault
    {
        internal override bool BeforeBody => true;
    }

    internal sealed record HtmlPageFault(int Status) : FakeEwsFault
    {
        internal override bool BeforeBody => true;
    }

    /// <summary>A fault that lets the request be processed and then changes how (or when) its real answer is sent.</summary>
    internal abstract record ProcessedAnswerFault : FakeEwsFault
    {
        internal override bool BeforeBody => false;
    }

    internal sealed record ProcessThenRespondFault(string Body, string ContentType, int Status) : ProcessedAnswerFault;

    internal sealed record ProcessThenTruncateFault(int Bytes) : ProcessedAnswerFault;

    internal sealed record ProcessThenCorruptFault(string Insert, FakeEwsCorruptionSite Site) : ProcessedAnswerFault;

    internal sealed record ProcessThenDelayFault(TimeSpan Duration) : ProcessedAnswerFault;
}
