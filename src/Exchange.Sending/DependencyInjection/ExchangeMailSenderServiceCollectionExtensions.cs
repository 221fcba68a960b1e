using Exchange.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers named EWS sending connections. Each connection gets named <see cref="ExchangeConnectionOptions"/>
/// validated at start (<c>ValidateOnStart</c>), a sender from <see cref="IExchangeMailSenderFactory"/>, and a keyed
/// <see cref="IExchangeMailSender"/> (key = connection name). Each sender owns one pooled <see cref="System.Net.Http.SocketsHttpHandler"/>
/// for the life of the container (not IHttpClientFactory: NTLM/Negotiate authentication lives on pooled connections, which
/// handler rotation would throw away).
/// </summary>
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

    /// <summary>Registers one connection bound from a configuration section (keys are the option names, e.g. <c>ServerUrl</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">Connection name; also the default <see cref="ExchangeConnectionOptions.SystemName"/>.</param>
    /// <param name="section">The connection's section, e.g. <c>Exchange:Connections:mail_main</c>.</param>
    /// <returns>A builder for the connection.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or already registered.</exception>
    public static IExchangeMailSenderBuilder AddExchangeMailSender(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = AddConnection(services, name);
        services.AddSingleton<IConfigureOptions<ExchangeConnectionOptions>>(
            new ConfigureNamedOptions<ExchangeConnectionOptions>(name, options => ExchangeConnectionOptionsBinder.Bind(section, options)));
        return builder;
    }

    /// <summary>Registers every child of a section as a connection named by its key, e.g. each entry of
    /// <c>Exchange:Connections</c>.</summary>
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
    /// <param name="configure">Further settings; run after the earlier ones.</param>
    /// <returns>The builder.</returns>
    public static IExchangeMailSenderBuilder Configure(this IExchangeMailSenderBuilder builder, Action<ExchangeConnectionOptions> configure)
    {
        builder.Services.Configure(builder.Name, configure);
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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExchangeConnectionOptions>, FluentValidationValidateOptions>());
        services.TryAddSingleton<IExchangeMailSenderFactory, ExchangeMailSenderFactory>();
        // The system name defaults to the registration name; configuration may set it explicitly.
        services.Configure<ExchangeConnectionOptions>(name, o => o.SystemName = name);
        services.AddOptions<ExchangeConnectionOptions>(name).ValidateOnStart();
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
