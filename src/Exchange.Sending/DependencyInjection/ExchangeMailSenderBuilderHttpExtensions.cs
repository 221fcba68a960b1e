using Exchange.Sending;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The HTTP pipeline of a connection, in IHttpClientFactory's shape: configure the primary <see cref="SocketsHttpHandler"/>
/// and add <see cref="DelegatingHandler"/>s, for one connection (the builder of <c>AddExchangeMailSender</c>) or for all
/// (<see cref="ConfigureExchangeMailSenderDefaults"/>). Unlike IHttpClientFactory's, the chain is built once per sender and
/// kept for its lifetime, never rotated nor built per request: NTLM/Negotiate authentication lives on the pooled connections.
/// </summary>
/// <remarks>
/// <para>A chain is built when a sender is built (the first <c>Get</c> of a connection, and again after a configuration
/// reload changes its settings), and once more, lazily, for the unpooled handler that carries gromox's large requests: both
/// chains get the same configuration, and each gets handler instances of its own from the factories.</para>
/// <para>Order on the primary handler: the library's defaults and the connection's <c>ProxyUrl</c>/<c>UseSystemProxy</c>
/// settings; then the host's actions in registration order (defaults and per connection as registered); then what the
/// library keeps regardless: <see cref="SocketsHttpHandler.AllowAutoRedirect"/> = <see langword="false"/> (a message and its
/// credentials are never re-posted elsewhere), the certificate validation callback of <c>TrustedCertificateThumbprints</c> /
/// <c>TrustedCaCertificateFile</c> (only when the host set no <c>SslOptions.RemoteCertificateValidationCallback</c>; setting
/// one together with those settings fails when the sender is built), and last the authentication strategy's
/// <see cref="ExchangeAuthenticationStrategy.ConfigureHandler"/> (Windows authentication sets <c>Credentials</c>).</para>
/// </remarks>
public static class ExchangeMailSenderBuilderHttpExtensions
{
    /// <summary>Configures what is registered on <paramref name="configure"/>'s builder for every connection, like
    /// IHttpClientFactory's <c>ConfigureHttpClientDefaults</c>. Its <see cref="IExchangeMailSenderBuilder.Name"/> is <c>*</c>.
    /// Connections registered before or after this call are both covered.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Calls <see cref="ConfigurePrimaryHttpMessageHandler(IExchangeMailSenderBuilder, Action{SocketsHttpHandler})"/>,
    /// <see cref="AddHttpMessageHandler(IExchangeMailSenderBuilder, Func{IServiceProvider, DelegatingHandler})"/> or <c>Configure</c> on the builder.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IServiceCollection ConfigureExchangeMailSenderDefaults(this IServiceCollection services, Action<IExchangeMailSenderBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        configure(new ExchangeMailSenderDefaultsBuilder(services));
        return services;
    }

    /// <summary>Sets properties of the connection's primary <see cref="SocketsHttpHandler"/> when it is built (a client
    /// certificate, <c>MaxResponseHeadersLength</c>, a <c>ConnectCallback</c>…). See the class remarks for what the library
    /// sets after it.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="configure">Called once per handler built, with a handler not yet used.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IExchangeMailSenderBuilder ConfigurePrimaryHttpMessageHandler(this IExchangeMailSenderBuilder builder, Action<SocketsHttpHandler> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigurePrimaryHttpMessageHandler((handler, _) => configure(handler));
    }

    /// <summary>Sets properties of the connection's primary <see cref="SocketsHttpHandler"/> when it is built, with the
    /// container's services. See the class remarks for what the library sets after it.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="configure">Called once per handler built, with a handler not yet used and the root service provider.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static IExchangeMailSenderBuilder ConfigurePrimaryHttpMessageHandler(this IExchangeMailSenderBuilder builder, Action<SocketsHttpHandler, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Configure(builder, o => o.PrimaryHandlerActions.Add(configure));
        return builder;
    }

    /// <summary>Adds a <see cref="DelegatingHandler"/> around the primary handler; the first added is the outermost (sees a
    /// request first). It sees every HTTP request of the connection, including the library's authenticating and probing
    /// requests and retries (a retry is a new request); NTLM/Negotiate 401 round trips happen below it, inside the primary handler.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="factory">Returns a <b>new</b> handler (without <see cref="DelegatingHandler.InnerHandler"/>) on each call: called
    /// once per chain built, from the root service provider. The sender disposes the handler with its chain.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <remarks>Building the sender throws <see cref="InvalidOperationException"/> when the factory returns <see langword="null"/>
    /// or a handler that already has an inner handler.</remarks>
    public static IExchangeMailSenderBuilder AddHttpMessageHandler(this IExchangeMailSenderBuilder builder, Func<IServiceProvider, DelegatingHandler> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        Configure(builder, o => o.HandlerFactories.Add(factory));
        return builder;
    }

    /// <summary>Adds a <see cref="DelegatingHandler"/> resolved from the container (register it as transient: each chain needs
    /// an instance of its own). See <see cref="AddHttpMessageHandler(IExchangeMailSenderBuilder, Func{IServiceProvider, DelegatingHandler})"/>.</summary>
    /// <typeparam name="THandler">The handler type, registered in the container.</typeparam>
    /// <param name="builder">The connection's builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IExchangeMailSenderBuilder AddHttpMessageHandler<THandler>(this IExchangeMailSenderBuilder builder)
        where THandler : DelegatingHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(sp => sp.GetRequiredService<THandler>());
    }

    private static void Configure(IExchangeMailSenderBuilder builder, Action<ExchangeHttpPipelineOptions> configure)
    {
        if (builder is ExchangeMailSenderDefaultsBuilder)
        {
            builder.Services.ConfigureAll(configure);
        }
        else
        {
            builder.Services.Configure(builder.Name, configure);
        }
    }
}
