using Exchange.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers named EWS sending connections. Each connection gets named <see cref="ExchangeConnectionOptions"/>
/// validated at start (<c>ValidateOnStart</c>), a sender from <see cref="IExchangeMailSenderFactory"/>, and a keyed
/// <see cref="IExchangeMailSender"/> (key = connection name). Each sender owns one pooled <see cref="System.Net.Http.SocketsHttpHandler"/>
/// until its settings change or the container is disposed (not IHttpClientFactory: NTLM/Negotiate authentication lives on
/// pooled connections, which handler rotation would throw away).
/// </summary>
/// <remarks>
/// Connections bound from configuration reload: each registers an <see cref="IOptionsChangeTokenSource{TOptions}"/> for its
/// section, and when the configuration reloads with different settings for a connection whose sender was already handed out,
/// <see cref="IExchangeMailSenderFactory"/> builds a new sender from them (see its remarks for what reloads and what does not).
/// </remarks>
public static class ExchangeMailSenderServiceCollectionExtensions
{
    /// <summary>The configuration path under which <see cref="AddExchangeMailSenders"/> looks by default.</summary>
    public const string DefaultConfigurationSection = "Exchange:Connections";

    /// <summary>Registers one connection configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">Connection name; also the default <see cref="ExchangeConnectionOptions.SystemName"/>.</param>
    /// <param name="configure">Sets the connection's options.</param>
    /// <returns>A builder for the connection.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already registered.</exception>
    public static IExchangeMailSenderBuilder AddExchangeMailSender(this IServiceCollection services, string name, Action<ExchangeConnectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = AddConnection(services, name);
        services.Configure(name, configure);
        return builder;
    }

    /// <summary>Registers one connection bound from a configuration section (keys are the option names, e.g. <c>ServerUrl</c>).
    /// A key that is not a setting, or a value that does not convert, is reported by validation with the key's name and the fix
    /// (and that property's own rules are not also reported). The section's reload token is the connection's change token
    /// (<see cref="ConfigurationChangeTokenSource{TOptions}"/>), so the factory's next sender follows a reloaded configuration.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">Connection name; also the default <see cref="ExchangeConnectionOptions.SystemName"/>.</param>
    /// <param name="section">The connection's section, e.g. <c>Exchange:Connections:mail_main</c>.</param>
    /// <returns>A builder for the connection.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already registered.</exception>
    public static IExchangeMailSenderBuilder AddExchangeMailSender(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = AddConnection(services, name);
        // What did not bind is recorded for this connection by name; FluentValidationValidateOptions reports it.
        services.AddOptions<ExchangeConnectionOptions>(name).Configure<ExchangeConnectionBindingFailures>(
            (options, failures) => failures.Record(name, ExchangeConnectionOptionsBinder.Bind(section, options)));
        services.AddSingleton<IOptionsChangeTokenSource<ExchangeConnectionOptions>>(new ConfigurationChangeTokenSource<ExchangeConnectionOptions>(name, section));
        return builder;
    }

    /// <summary>Registers every child of a section as a connection named by its key, e.g. each entry of
    /// <c>Exchange:Connections</c>, with <see cref="AddExchangeMailSender(IServiceCollection, string, IConfiguration)"/>.
    /// The set of connections is fixed here: a connection added to the configuration later is not registered, and one
    /// removed later keeps its last valid sender (its now empty settings fail validation).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connections">The section holding one child per connection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddExchangeMailSenders(this IServiceCollection services, IConfiguration connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        foreach (var child in connections.GetChildren())
        {
            services.AddExchangeMailSender(child.Key, child);
        }

        return services;
    }

    /// <summary>Adds options configuration to an already registered connection (e.g. a host-made OAuth strategy).</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="configure">Further settings; run after the earlier ones. On the builder of
    /// <c>ConfigureExchangeMailSenderDefaults</c>, for every connection.</param>
    /// <returns>The builder.</returns>
    public static IExchangeMailSenderBuilder Configure(this IExchangeMailSenderBuilder builder, Action<ExchangeConnectionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder is ExchangeMailSenderDefaultsBuilder)
        {
            builder.Services.ConfigureAll(configure);   // ConfigureExchangeMailSenderDefaults: every connection
        }
        else
        {
            builder.Services.Configure(builder.Name, configure);
        }

        return builder;
    }

    private static ExchangeMailSenderBuilder AddConnection(IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var registry = GetRegistry(services);
        if (registry.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"An Exchange connection named '{name}' is already registered; connection names must be unique (case-insensitive).", nameof(name));
        }

        registry.Add(name);
        services.AddOptions();
        services.TryAddSingleton<ExchangeConnectionBindingFailures>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExchangeConnectionOptions>, FluentValidationValidateOptions>());
        services.TryAddSingleton<IExchangeMailSenderFactory, ExchangeMailSenderFactory>();
        // The system name defaults to the registration name; configuration may set it explicitly.
        services.Configure<ExchangeConnectionOptions>(name, o => o.SystemName = name);
        services.AddOptions<ExchangeConnectionOptions>(name).ValidateOnStart();
        // The first sender handed out; after a reload it passes new calls on to the connection's current sender.
        services.AddKeyedSingleton<IExchangeMailSender>(name, (sp, _) => sp.GetRequiredService<IExchangeMailSenderFactory>().Get(name));
        return new ExchangeMailSenderBuilder(name, services);
    }

    private static ExchangeConnectionRegistry GetRegistry(IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ExchangeConnectionRegistry))?.ImplementationInstance;
        if (existing is ExchangeConnectionRegistry registry)
        {
            return registry;
        }

        registry = new ExchangeConnectionRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
