using System.Net;

namespace Exchange.Sending.Transport.Http;

/// <summary>
/// Builds a connection's handler chain: the host's <see cref="DelegatingHandler"/>s (first added = outermost) around one
/// <see cref="SocketsHttpHandler"/>. Called once per chain: the pooled handler for the connection's lifetime and, on gromox,
/// the unpooled one for its large requests; never per request.
/// </summary>
/// <remarks>Order on the primary handler: the library's defaults and the connection's proxy and certificate settings, then the
/// host's <c>ConfigurePrimaryHttpMessageHandler</c> actions, then what must hold: <see cref="SocketsHttpHandler.AllowAutoRedirect"/>
/// <see langword="false"/>, the certificate validation callback (when the host set none), and last the authentication
/// strategy's <see cref="ExchangeAuthenticationStrategy.ConfigureHandler"/>.</remarks>
internal sealed class HttpPipeline
{
    /// <summary>A pipeline without host additions.</summary>
    public static readonly HttpPipeline Default = new([], []);

    private readonly IReadOnlyList<Action<SocketsHttpHandler>> _primary;
    private readonly IReadOnlyList<Func<DelegatingHandler>> _handlers;

    public HttpPipeline(IReadOnlyList<Action<SocketsHttpHandler>> primary, IReadOnlyList<Func<DelegatingHandler>> handlers)
    {
        _primary = primary;
        _handlers = handlers;
    }

    /// <summary>Builds one chain.</summary>
    /// <exception cref="InvalidOperationException">The host set its own certificate validation callback and the connection also
    /// has TrustedCertificateThumbprints or TrustedCaCertificateFile; or a handler factory returned a handler already in use.</exception>
    public HttpMessageHandler Build(ExchangeConnectionOptions options, ExchangeAuthenticationStrategy strategy, ServerCertificateTrust trust, TimeSpan lifetime)
    {
        var sockets = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            MaxConnectionsPerServer = options.MaxConcurrentRequests,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            PooledConnectionLifetime = lifetime,   // TimeSpan.Zero: a connection is never reused
            ConnectTimeout = options.RequestTimeout < TimeSpan.FromSeconds(15) ? options.RequestTimeout : TimeSpan.FromSeconds(15),
            UseCookies = true,           // Exchange's X-BackEndCookie keeps a client on one mailbox server
        };
        ApplyProxy(sockets, options);
        foreach (var configure in _primary)
        {
            configure(sockets);
        }

        sockets.AllowAutoRedirect = false;   // never re-POST a message (and credentials) to another URL
        if (sockets.SslOptions.RemoteCertificateValidationCallback is null)
        {
            sockets.SslOptions.RemoteCertificateValidationCallback = trust.Validate;
        }
        else if (trust.IsConfigured)
        {
            throw new InvalidOperationException(
                $"Exchange connection '{ValidationRules.Quote(options.SystemName)}': the host's ConfigurePrimaryHttpMessageHandler set SslOptions.RemoteCertificateValidationCallback, "
                + "and the connection also sets TrustedCertificateThumbprints or TrustedCaCertificateFile; use one or the other.");
        }

        strategy.ConfigureHandler(sockets);
        HttpMessageHandler chain = sockets;
        for (var i = _handlers.Count - 1; i >= 0; i--)
        {
            var outer = _handlers[i]() ?? throw new InvalidOperationException($"Exchange connection '{options.SystemName}': an AddHttpMessageHandler factory returned null.");
            if (outer.InnerHandler is not null)
            {
                throw new InvalidOperationException(
                    $"Exchange connection '{options.SystemName}': the DelegatingHandler {outer.GetType().Name} from AddHttpMessageHandler already has an InnerHandler; "
                    + "the factory must return a new handler each time it is called.");
            }

            outer.InnerHandler = chain;
            chain = outer;
        }

        return chain;
    }

    /// <summary>The proxy the library's pipeline uses for <paramref name="endpoint"/>, or null when it connects directly.</summary>
    public static ProxyInUse? ProxyFor(ExchangeConnectionOptions options, Uri endpoint)
    {
        if (!string.IsNullOrWhiteSpace(options.ProxyUrl))
        {
            return ConfiguredProxy.TryParse(options.ProxyUrl, out var address, out _)
                && new ConfiguredProxy(address!, options.ProxyBypassList, useDefaultCredentials: false).GetProxy(endpoint) is { } configured
                ? new ProxyInUse(configured, "ProxyUrl")
                : null;
        }

        if (!options.UseSystemProxy)
        {
            return null;
        }

        try
        {
            var system = HttpClient.DefaultProxy.GetProxy(endpoint);
            return system is null || system == endpoint ? null : new ProxyInUse(system, "the system proxy (HTTPS_PROXY / HTTP_PROXY, NO_PROXY; UseSystemProxy)");
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException)
        {
            return null;
        }
    }

    private static void ApplyProxy(SocketsHttpHandler sockets, ExchangeConnectionOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ProxyUrl) && ConfiguredProxy.TryParse(options.ProxyUrl, out var address, out _))
        {
            sockets.UseProxy = true;
            sockets.Proxy = new ConfiguredProxy(address!, options.ProxyBypassList, options.ProxyUseDefaultCredentials);
        }
        else if (!options.UseSystemProxy)
        {
            sockets.UseProxy = false;
        }

        // Otherwise SocketsHttpHandler's own default: UseProxy with Proxy null, i.e. HttpClient.DefaultProxy.
    }
}
