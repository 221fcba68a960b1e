using System.Diagnostics;
using System.Net;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;
using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Transport;

/// <summary>
/// Sends EWS requests for one connection over one pooled <see cref="SocketsHttpHandler"/> (kept for the
/// connection's lifetime, so TCP, TLS and NTLM/Negotiate state are reused) and turns every non-SOAP outcome into
/// an <see cref="ExchangeException"/> that names the endpoint.
/// </summary>
internal sealed partial class EwsTransport : IDisposable
{
    // Above this many bytes of attachments, a challenge-response scheme (NTLM/Negotiate) would upload the body
    // two or three times during the handshake; a small GetFolder authenticates the connection first.
    internal const long PreAuthenticationThresholdBytes = 64 * 1024;

    // Streamed bodies from this size on ask "Expect: 100-continue" (a refused upload then costs no upload).
    internal const long ExpectContinueThresholdBytes = 1024 * 1024;

    // Bodies from this size on close their connection when the server is gromox (see SendCoreAsync); a little below
    // gromox's 64 KiB buffer, whose boundary the failure depends on.
    internal const long GromoxReuseLimitBytes = 60 * 1024;

    private static readonly string UserAgent = "Exchange.Sending/" + typeof(EwsTransport).Assembly.GetName().Version?.ToString(3);

    private readonly ExchangeConnectionOptions _options;
    private readonly ExchangeAuthenticationStrategy _strategy;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly Lazy<HttpClient>? _unpooled;
    private readonly SemaphoreSlim _gate;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly RequestTimeouts _timeouts;
    private int _disposed;

    public EwsTransport(ExchangeConnectionOptions options, ExchangeAuthenticationStrategy strategy, ILogger logger, HttpMessageHandler? handler = null,
        Http.HttpPipeline? pipeline = null)
    {
        _options = options;
        _strategy = strategy;
        _logger = logger;
        Endpoint = EwsEndpoint.Create(options);
        Secrets = new SecretRedactor(options);
        _gate = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
        _timeouts = new RequestTimeouts(options.MaxConcurrentRequests);
        if (handler is null)
        {
            // One long-lived chain (the host's DelegatingHandlers around one SocketsHttpHandler) per connection: see HttpPipeline.
            pipeline ??= Http.HttpPipeline.Default;
            var trust = Http.ServerCertificateTrust.Create(options);
            handler = pipeline.Build(options, strategy, trust, TimeSpan.FromMinutes(10));
            // gromox misreads a request that follows another on the same connection once a body over 64 KiB is
            // involved (400, "request header line too long"): its large requests each get a connection of their own,
            // through a chain configured the same way.
            _unpooled = new Lazy<HttpClient>(() => new HttpClient(pipeline.Build(options, strategy, trust, TimeSpan.Zero), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan });
        }

        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _proxy = Http.HttpPipeline.ProxyFor(options, Endpoint);
        _impersonation = EwsImpersonation.For(options);
        _version = (int)options.Version;
    }

    private int _version;
    private int _steppedDown;
    // Set once an answer on this connection was a believable EWS response: a later error page is then the server failing.
    private volatile bool _answeredEws;
    private readonly object _stepGate = new();
    private volatile VersionStepDown? _stepDown;

    /// <summary>The <c>RequestServerVersion</c> requests carry now: the configured Version, or the one a step-down chose.</summary>
    public ExchangeVersion Version => (ExchangeVersion)Volatile.Read(ref _version);

    /// <summary>The one step-down this connection took (<see cref="ExchangeConnectionOptions.AllowVersionFallback"/>), or <see langword="null"/>.</summary>
    public VersionStepDown? StepDown => _stepDown;

    private readonly ProxyInUse? _proxy;
    private readonly EwsImpersonation? _impersonation;

    public Uri Endpoint { get; }

    public string ConnectionName => _options.SystemName;

    /// <summary>Schemes offered in <c>WWW-Authenticate</c> by the last 401 this transport saw (names only).</summary>
    public IReadOnlyList<string> LastOfferedSchemes { get; private set; } = [];

    /// <summary>Sends one operation and reads its SOAP response. SOAP faults become <see cref="ExchangeServiceException"/>;
    /// response messages are returned for the caller to interpret.</summary>
    public async Task<EwsCallResult> SendAsync(IEwsOperation operation, CancellationToken cancellationToken, bool describeAuthentication = false,
        string? internetMessageId = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, typeof(ExchangeMailSender));
        try
        {
            // A free slot is taken without a linked token source (the common case below MaxConcurrentRequests).
            if (cancellationToken.IsCancellationRequested || !_gate.Wait(0))
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
                await _gate.WaitAsync(waiting.Token).ConfigureAwait(false);
            }
            else if (_lifetime.IsCancellationRequested)
            {
                // Disposed between the check above and taking the slot: as if the wait had been cancelled.
                _gate.Release();
                throw new OperationCanceledException(_lifetime.Token);
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(typeof(ExchangeMailSender).FullName, $"Exchange connection '{ConnectionName}': the sender was disposed before this request was sent; nothing was sent.");
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Still queued behind MaxConcurrentRequests: nothing of this request left.
            throw ExchangeErrors.Canceled(new ErrorSite(ConnectionName, Endpoint, internetMessageId), null, requestSent: false, ex, cancellationToken);
        }

        try
        {
            var used = Version;
            try
            {
                return await SendOnceAsync(operation, describeAuthentication, internetMessageId, cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeServiceException refused) when (TryStepDown(refused, operation, used))
            {
                // Resent once, at the stepped-down version; a second refusal is reported as it is.
                return await SendOnceAsync(operation, describeAuthentication, internetMessageId, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<EwsCallResult> SendOnceAsync(IEwsOperation operation, bool describeAuthentication, string? internetMessageId, CancellationToken cancellationToken) =>
        _strategy.UsesChallengeResponse && (operation.AttachmentBytes > PreAuthenticationThresholdBytes || operation.HasSingleUseContent)
            ? PreAuthenticatedAsync(operation, describeAuthentication, internetMessageId, cancellationToken)
            // Without a handshake first, the request's own task: one async frame fewer on every send (issue 10).
            : SendObservedAsync(operation, describeAuthentication, internetMessageId, cancellationToken);

    private async Task<EwsCallResult> PreAuthenticatedAsync(IEwsOperation operation, bool describeAuthentication, string? internetMessageId, CancellationToken cancellationToken)
    {
        Log.PreAuthenticating(_logger, ConnectionName, operation.Name);
        await SendObservedAsync(new GetFolderOperation("sentitems"), false, internetMessageId, cancellationToken).ConfigureAwait(false);
        return await SendObservedAsync(operation, describeAuthentication, internetMessageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ExchangeConnectionOptions.AllowVersionFallback"/>: decides whether a refusal of the version is resent, stepping the
    /// connection down first if it has not stepped yet. Resending is safe only because <c>ErrorInvalidServerVersion</c> comes as a
    /// SOAP fault, HTTP 500: protocol-notes.md §4 (after O'Reilly's "Inside Microsoft Exchange Server 2007 Web Services" and
    /// the Ericsson/exchangecalendar report) describes faults as "failures that prevent processing of the request as a whole",
    /// and response-codes.md classes the code as a request-level error of which "a client may step down to an older version
    /// and retry once": nothing was created or sent, so the same request may go again. A response message with that code, an outcome that is not
    /// known, or content that can be read once is never resent. The connection steps down at most once in its lifetime; a
    /// request that was refused at the old version while another stepped down is resent once at the new one.
    /// </summary>
    private bool TryStepDown(ExchangeServiceException refused, IEwsOperation operation, ExchangeVersion used)
    {
        if (!_options.AllowVersionFallback || !refused.IsSoapFault || refused.OutcomeUnknown || operation.HasSingleUseContent
            || refused.ResponseCode != ExchangeResponseCode.ErrorInvalidServerVersion)
        {
            return false;
        }

        // Under a lock: a concurrent refusal must see the new version as soon as it sees that the connection stepped down
        // (publishing the flag before the version let a request refused at the old version fail instead of going again).
        lock (_stepGate)
        {
            if (_steppedDown == 1)
            {
                // Never twice: only a request sent before the step-down took effect goes again, at the version already chosen.
                return Version != used;
            }

            var mapped = Sending.ServerVersionMapping.Recommend(refused.ServerVersion);
            var target = mapped is { } best && best < used ? best : Sending.ServerVersionMapping.NextLower(used);
            if (target is not { } lower)
            {
                return false;
            }

            _stepDown = new VersionStepDown(used, lower, refused.ServerVersion);
            Volatile.Write(ref _version, (int)lower);
            _steppedDown = 1;
            Log.VersionSteppedDown(_logger, ConnectionName, used.ToString(), lower.ToString(), refused.ServerVersion?.ToString() ?? "no ServerVersionInfo", operation.Name);
            return true;
        }
    }

    /// <summary>Takes the connection's secrets out of text servers send back.</summary>
    public SecretRedactor Secrets { get; }

    /// <summary>What the answers on this connection tell about the server (version, product).</summary>
    public ServerIdentity Server { get; } = new();

    /// <summary>The connection's authentication strategy.</summary>
    public ExchangeAuthenticationStrategy Strategy => _strategy;

    private async Task<EwsCallResult> SendCoreAsync(IEwsOperation operation, bool describeAuthentication, string? internetMessageId, CancellationToken cancellationToken)
    {
        var site = new ErrorSite(ConnectionName, Endpoint, internetMessageId, _proxy);
        var started = Stopwatch.GetTimestamp();
        using var timeout = _timeouts.Start(_options.RequestTimeout, operation.IsSmall, _lifetime.Token, cancellationToken);
        EwsRequestContent? content = null;
        try
        {
            // Built (small) or measured (large) before anything is sent: every request carries an exact Content-Length.
            var impersonation = operation.Impersonation is { } own ? (ReferenceEquals(own, EwsImpersonation.Self) ? null : own) : _impersonation;
            content = await EwsRequestContent.CreateAsync(Version, operation, timeout.Token, impersonation).ConfigureAwait(false);
            for (var attempt = 0; ; attempt++)
            {
                // A resend (Bearer, after a refused token) is a new message around the same content: EwsRequestContent writes
                // its body again (built: from its buffer; streamed: from the attachments' sources) with the same Content-Length.
                // Requests are not disposed here, as that would dispose the content; the content is disposed below.
                var request = CreateRequest(operation, content, impersonation, out var client);
                if (attempt > 0)
                {
                    request.Options.Set(BearerAuthenticationStrategy.ResentKey, true);
                }

                await _strategy.ApplyAsync(request, timeout.Token).ConfigureAwait(false);
                Secrets.AddFrom(request);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (attempt == 0 && response.StatusCode == HttpStatusCode.Unauthorized && _strategy.ShouldResendAfterUnauthorized(request, response)
                    && (!operation.HasSingleUseContent || !content.Started))
                {
                    // The server refused the token before processing anything (401): once more with a fresh one. A body that
                    // cannot be written twice (a single-use stream already read) is not resent; the 401 is reported below.
                    Log.ResendingWithNewToken(_logger, ConnectionName, operation.Name, status);
                    continue;
                }

                var result = await ReadResponseAsync(operation, response, site, content.Completed, timeout.Token).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    Log.RequestCompleted(_logger, ConnectionName, operation.Name, status, Secrets.Redact(result.Messages.Count > 0 ? result.Messages[0].ResponseCode : null) ?? "",
                        content.BytesWritten, (long)elapsed.TotalMilliseconds);
                }

                var authentication = describeAuthentication
                    ? await _strategy.DescribeAsync(Endpoint, response, timeout.Token).ConfigureAwait(false)
                    : null;
                return new EwsCallResult(result, status, content.BytesWritten, elapsed) { Authentication = authentication };
            }
        }
        catch (OperationCanceledException ex) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw ExchangeErrors.Disposed(site, operation, content?.Completed == true, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ExchangeErrors.Timeout(site, operation, _options.RequestTimeout, content?.Completed == true, ex);
        }
        catch (OperationCanceledException ex) when (ex is not ExchangeSendCanceledException)
        {
            // The caller's own cancellation: typed, so that it says whether the request (and so perhaps the message) had left.
            throw ExchangeErrors.Canceled(site, operation, content?.Completed == true, ex, cancellationToken);
        }
        catch (Exception ex) when (FindContentFailure(ex) is { } local)
        {
            throw ExchangeErrors.LocalContent(site, operation.Name, local);
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is InvalidOperationException && ex.StackTrace?.Contains("System.IO.Compression", StringComparison.Ordinal) == true))
        {
            // Content-Encoding gzip/deflate/br over bytes that do not decompress: an answer that cannot be read.
            throw ExchangeErrors.UntrustedResponse(site, 0, operation, Secrets.Redact($"its body does not decompress ({ex.GetType().Name}: {ex.Message})") ?? "", content?.Completed == true);
        }
        catch (HttpRequestException ex)
        {
            throw ExchangeErrors.Network(site, ex, operation, content);
        }
        catch (IOException ex)
        {
            throw ExchangeErrors.Network(site, new HttpRequestException(HttpRequestError.ResponseEnded, ex.Message, ex), operation, content);
        }
        finally
        {
            content?.Dispose();
        }
    }

    /// <summary>The HTTP message for one attempt at <paramref name="operation"/>, and the client that sends it.</summary>
    private HttpRequestMessage CreateRequest(IEwsOperation operation, EwsRequestContent content, EwsImpersonation? impersonation, out HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = content, Version = HttpVersion.Version11 };
        // Unparsed: these values are ours and constant, and parsing them cost more than the rest of the headers.
        request.Headers.TryAddWithoutValidation("Accept", "text/xml");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("SOAPAction", EwsNames.QuotedSoapAction(operation.Name));
        if (impersonation?.AnchorMailbox is { } anchor)
        {
            // Exchange routes an impersonated request to the impersonated mailbox's server by this header.
            request.Headers.TryAddWithoutValidation("X-AnchorMailbox", anchor);
        }
        if (!content.IsPrebuilt && content.BytesWritten >= ExpectContinueThresholdBytes && Server.Product == ExchangeServerProduct.MicrosoftExchange)
        {
            // IIS answers 100 Continue or its refusal (401, 413) before the body is sent, so a refusal comes back as
            // a status instead of a reset mid-upload. gromox never answers 100 (the client would wait a second), so
            // only a server known to be Exchange is asked; elsewhere a refusal mid-upload is UploadAborted.
            request.Headers.ExpectContinue = true;
        }

        client = _client;
        if (content.BytesWritten >= GromoxReuseLimitBytes && Server.Product is ExchangeServerProduct.Gromox or ExchangeServerProduct.Unknown)
        {
            // gromox 3.10 misreads requests around one whose body is over 64 KiB on the same connection (400, "request
            // header line too long"): such a request goes alone on a new connection. Until the server is known, the same caution.
            request.Headers.ConnectionClose = true;
            client = _unpooled?.Value ?? _client;
        }

        return request;
    }

    private async Task<EwsResponse> ReadResponseAsync(IEwsOperation operation, HttpResponseMessage response, ErrorSite site, bool bodySent, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // The strategy explains the failure (which mechanism, what to change); its report never holds secrets.
            Server.ObserveChallenge(response.Headers);
            var report = await _strategy.DescribeAsync(Endpoint, response, cancellationToken).ConfigureAwait(false);
            // The report may quote the server's own words (Bearer's error_description): a server that echoes the token there must not leak it.
            report = report with { Message = Secrets.Redact(report.Message) };
            LastOfferedSchemes = report.OfferedSchemes.Count > 0 ? report.OfferedSchemes : ExchangeAuthenticationReport.OfferedSchemesOf(response);
            throw ExchangeErrors.Authentication(site, _options, _strategy.Name, LastOfferedSchemes, report);
        }

        if (status is >= 300 and < 400)
        {
            // Location may be relative ("/owa/auth/logon.aspx"); resolve it against the endpoint, show no query.
            var location = response.Headers.Location is { } relative ? new Uri(Endpoint, relative) : null;
            throw ExchangeErrors.Redirect(site, status, location);
        }

        var mediaType = MediaTypeOf(response.Content.Headers);
        var isXml = mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase);
        if (!isXml)
        {
            // A page instead of SOAP where EWS would have answered (2xx, or 500 for a fault) means this is not EWS;
            // other statuses (403, 404, 413, 503…) carry IIS's own page and are explained by their status.
            if (status == 500 && bodySent && operation.SendsMessage && _answeredEws)
            {
                // This endpoint has answered EWS on this connection, so the page is an EWS server failing (IIS's error page when
                // the application dies mid-request), possibly after it sent the message: unknown, not "not EWS".
                throw ExchangeErrors.FailedAfterProcessing(site, status, mediaType.Length == 0 ? "no content type" : mediaType);
            }

            throw status is (>= 200 and < 300) or 500
                ? ExchangeErrors.NotEws(site, status, mediaType.Length == 0 ? "no content type" : mediaType)
                : ExchangeErrors.HttpStatus(site, status, operation.Name, Secrets.Redact(await ServerPageText.ReadAsync(response, cancellationToken).ConfigureAwait(false)),
                    mayHaveBeenProcessed: bodySent && operation.SendsMessage && status is 502 or 504);
        }

        // XML with a success status to mail that went out whole may be a broken EWS server's answer after it sent the message.
        var xmlMayBeProcessed = bodySent && operation.SendsMessage && status is >= 200 and < 300;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        EwsResponse parsed;
        try
        {
            parsed = await EwsResponseReader.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (EwsNotSoapException ex)
        {
            throw status is (>= 200 and < 300) or 500
                ? ExchangeErrors.NotEws(site, status, mediaType + ", " + ex.Message, xmlMayBeProcessed)
                : ExchangeErrors.HttpStatus(site, status, operation.Name);
        }
        catch (EwsMalformedResponseException) when (status is not ((>= 200 and < 300) or 500))
        {
            // An error status with a broken body: the status says what happened.
            throw ExchangeErrors.HttpStatus(site, status, operation.Name);
        }
        catch (EwsMalformedResponseException ex)
        {
            Server.Observe(ex.Partial.ServerVersion);
            throw ExchangeErrors.MalformedResponse(site, status, operation, ex, bodySent, Secrets);
        }

        if (parsed.Fault is { } fault && parsed.FaultIsBody && parsed.Messages.Count == 0)
        {
            if (parsed.ServerVersion is not null)
            {
                Server.Observe(parsed.ServerVersion);
            }

            throw ExchangeErrors.SoapFault(site, fault, status, operation.Name, Secrets, Server.Product, Version, parsed.ServerVersion ?? Server.Version);
        }

        // Whatever is wrong below, the envelope's ServerVersionInfo still says which server answered.
        Server.Observe(parsed.ServerVersion);
        if (parsed.Fault is not null)
        {
            // A fault in the header, or beside a response: neither the fault nor the response can be believed.
            throw ExchangeErrors.UntrustedResponse(site, status, operation,
                parsed.Messages.Count > 0 ? "it holds both a SOAP fault and response messages" : "it holds a SOAP fault outside the SOAP body, or after other content", bodySent);
        }

        if (parsed.BodyElement is null || parsed.BodyElement.StartsWith('{'))
        {
            // Nothing from the EWS messages namespace in the body (an empty body, someone else's XML).
            throw status is >= 200 and < 300
                ? ExchangeErrors.NotEws(site, status, "a SOAP envelope without an EWS response" + (parsed.BodyElement is { } other ? $" (the body holds <{other}>)" : ""), xmlMayBeProcessed)
                : ExchangeErrors.HttpStatus(site, status, operation.Name);
        }

        if (EwsResponseCheck.FindMismatch(parsed, operation) is { } mismatch)
        {
            throw ExchangeErrors.UntrustedResponse(site, status, operation, Secrets.Redact(mismatch) ?? "", bodySent);
        }

        _answeredEws = true;
        return parsed;
    }

    /// <summary>The media type of <c>Content-Type</c> ("text/xml"), or "" when there is none or it does not parse. The values
    /// EWS servers send are recognised as text (parsing the header cost allocations on every response, issue 10); anything
    /// else is parsed as before, so a malformed value ("xml", "text/html, text/xml") is still no media type at all.</summary>
    internal static string MediaTypeOf(System.Net.Http.Headers.HttpContentHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues("Content-Type", out var values))
        {
            return "";
        }

        if (values.Count == 1)
        {
            foreach (var value in values)
            {
                foreach (var (known, mediaType) in KnownContentTypes)
                {
                    if (string.Equals(value, known, StringComparison.OrdinalIgnoreCase))
                    {
                        return mediaType.Length == value.Length ? value : value[..mediaType.Length];
                    }
                }
            }
        }

        return headers.ContentType?.MediaType ?? "";
    }

    // What Exchange, gromox and the bundled server send, and the media type of each.
    private static readonly (string Value, string MediaType)[] KnownContentTypes =
    [
        ("text/xml; charset=utf-8", "text/xml"),
        ("text/xml;charset=utf-8", "text/xml"),
        ("text/xml", "text/xml"),
        ("application/soap+xml; charset=utf-8", "application/soap+xml"),
        ("application/soap+xml", "application/soap+xml"),
    ];

    private static EwsContentException? FindContentFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is EwsContentException content)
            {
                return content;
            }
        }

        return null;
    }

    /// <summary>Fails queued requests with <see cref="ObjectDisposedException"/> and in-flight ones with an
    /// <see cref="ExchangeException"/> that says whether they went out; then releases the handler.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The semaphore is not disposed: SemaphoreSlim.Dispose does not wake waiters, and releases in flight would throw.
        _lifetime.Cancel();
        _client.Dispose();
        if (_unpooled is { IsValueCreated: true })
        {
            _unpooled.Value.Dispose();
        }
    }
}

/// <summary>The one version step-down of a connection: from the refused version to the one it now sends, and what the server reported.</summary>
internal sealed record VersionStepDown(ExchangeVersion From, ExchangeVersion To, ExchangeServerVersionInfo? ServerVersion);
