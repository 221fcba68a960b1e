using Exchange.Sending;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// OAuth 2.0 bearer authentication for a connection registered with <c>AddExchangeMailSender</c> (or for every connection,
/// on the builder of <c>ConfigureExchangeMailSenderDefaults</c>): sets <see cref="ExchangeConnectionOptions.AuthenticationType"/>
/// to <see cref="ExchangeAuthenticationType.Bearer"/> and <see cref="ExchangeConnectionOptions.AccessTokenProvider"/>, on top of
/// what configuration binds (so <c>"AuthenticationType": "Bearer"</c> in the file is optional). See docs/oauth.md.
/// </summary>
public static class ExchangeMailSenderBuilderBearerExtensions
{
    /// <summary>Authenticates the connection with the tokens <paramref name="provider"/> returns.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="provider">The token source; called when no cached token is fresh (see <see cref="ExchangeAccessTokenProvider"/>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="provider"/> is <see langword="null"/>.</exception>
    public static IExchangeMailSenderBuilder UseAccessTokenProvider(this IExchangeMailSenderBuilder builder, ExchangeAccessTokenProvider provider)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(provider);
        return builder.Configure(o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = provider;
        });
    }

    /// <summary>Authenticates the connection with the tokens of a provider made from the container's services (a credential
    /// registered in DI, say). <paramref name="factory"/> runs once per container and connection, when the connection's
    /// options are first built; the provider it returns serves every sender of that connection, also after configuration reloads.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="factory">Makes the token source from the container's services.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    public static IExchangeMailSenderBuilder UseAccessTokenProvider(this IExchangeMailSenderBuilder builder, Func<IServiceProvider, ExchangeAccessTokenProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        // The provider is made once per container (a keyed singleton): a delegate made anew at each options build would
        // differ from the last one, and every configuration reload would then count as changed settings (a new sender).
        var key = new object();
        builder.Services.AddKeyedSingleton(key, (sp, _) => new ProviderHolder(factory(sp)));
        var name = builder is ExchangeMailSenderDefaultsBuilder ? null : builder.Name;   // null: every connection
        builder.Services.AddSingleton<IConfigureOptions<ExchangeConnectionOptions>>(sp => new ConfigureNamedOptions<ExchangeConnectionOptions, IServiceProvider>(
            name, sp, (o, services) =>
            {
                o.AuthenticationType = ExchangeAuthenticationType.Bearer;
                o.AccessTokenProvider = services.GetRequiredKeyedService<ProviderHolder>(key).Provider
                    ?? throw new InvalidOperationException($"The factory passed to UseAccessTokenProvider for Exchange connection '{builder.Name}' returned null.");
            }));
        return builder;
    }

    private sealed record ProviderHolder(ExchangeAccessTokenProvider? Provider);
}
