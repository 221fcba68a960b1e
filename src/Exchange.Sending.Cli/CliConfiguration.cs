using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Sending.Cli;

/// <summary>
/// Where the connection settings come from, lowest priority first: <c>appsettings.json</c> in the current directory
/// (optional), environment variables prefixed <c>EXCHANGE_SENDING_</c> (<c>__</c> separates levels, e.g.
/// <c>EXCHANGE_SENDING_Exchange__Connections__main__Password</c>), then the command-line flags.
/// </summary>
internal sealed class CliConfiguration
{
    /// <summary>Prefix of the environment variables read as settings.</summary>
    public const string EnvironmentPrefix = "EXCHANGE_SENDING_";

    /// <summary>The connection name used when nothing is configured.</summary>
    public const string DefaultConnectionName = "main";

    private CliConfiguration(IConfigurationRoot root, string connectionName, bool useBundledServer)
    {
        Root = root;
        ConnectionName = connectionName;
        UseBundledServer = useBundledServer;
    }

    /// <summary>All settings, flags included.</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>The connection the command uses.</summary>
    public string ConnectionName { get; }

    /// <summary>True when no server URL is configured for the connection (or <c>--bundled</c> was given): the bundled loopback server is used.</summary>
    public bool UseBundledServer { get; }

    /// <summary>The section of the chosen connection.</summary>
    public IConfigurationSection Connection => Root.GetSection(ConnectionSectionPath(ConnectionName));

    /// <summary>The configuration path of one connection.</summary>
    public static string ConnectionSectionPath(string name) =>
        ExchangeMailSenderServiceCollectionExtensions.DefaultConfigurationSection + ConfigurationPath.KeyDelimiter + name;

    /// <summary>Reads the settings and picks the connection.</summary>
    /// <param name="flags">The connection flags given on the command line.</param>
    /// <param name="basePath">Folder holding the optional appsettings.json (the current directory).</param>
    /// <exception cref="CliInputException">The connection cannot be chosen.</exception>
    public static CliConfiguration Build(ConnectionFlags flags, string? basePath = null)
    {
        var files = new ConfigurationBuilder()
            .SetBasePath(basePath ?? Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .Build();

        var name = ChooseConnection(files, flags.Connection);
        var overrides = flags.ToSettings();
        var builder = new ConfigurationBuilder().AddConfiguration(files);
        var useBundled = flags.Bundled || string.IsNullOrWhiteSpace(
            overrides.GetValueOrDefault(nameof(ExchangeConnectionOptions.ServerUrl))
            ?? files.GetSection(ConnectionSectionPath(name))[nameof(ExchangeConnectionOptions.ServerUrl)]);
        if (useBundled)
        {
            // The server URL and plain HTTP are set once the bundled server has a port; see BundledServer.ConnectionSettings.
            overrides.Remove(nameof(ExchangeConnectionOptions.ServerUrl));
        }

        builder.AddInMemoryCollection(overrides.Select(kv => KeyValuePair.Create(ConnectionSectionPath(name) + ConfigurationPath.KeyDelimiter + kv.Key, (string?)kv.Value)));
        return new CliConfiguration(builder.Build(), name, useBundled);
    }

    /// <summary>Returns a copy with further settings for the chosen connection layered on top (they win).</summary>
    public CliConfiguration With(IReadOnlyDictionary<string, string?> connectionSettings)
    {
        var prefix = ConnectionSectionPath(ConnectionName) + ConfigurationPath.KeyDelimiter;
        var root = new ConfigurationBuilder()
            .AddConfiguration(Root)
            .AddInMemoryCollection(connectionSettings.Select(kv => KeyValuePair.Create(prefix + kv.Key, kv.Value)))
            .Build();
        return new CliConfiguration(root, ConnectionName, UseBundledServer);
    }

    /// <summary>Registers every configured connection (validation messages come from the library) and returns the chosen one's sender.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The chosen connection's settings are invalid.</exception>
    public IExchangeMailSender CreateSender(IServiceProvider services) =>
        services.GetRequiredService<IExchangeMailSenderFactory>().Get(ConnectionName);

    /// <summary>Adds the connections of <see cref="Root"/> to a service collection.</summary>
    public void AddConnections(IServiceCollection services)
    {
        services.AddExchangeMailSenders(Root.GetSection(ExchangeMailSenderServiceCollectionExtensions.DefaultConfigurationSection));
        // A Bearer connection has no token source in configuration: on the command line it is the environment's token.
        services.ConfigureAll<ExchangeConnectionOptions>(o =>
        {
            if (o.AuthenticationType == ExchangeAuthenticationType.Bearer && o.AccessTokenProvider is null && o.AuthenticationStrategy is null)
            {
                o.AccessTokenProvider = EnvironmentAccessToken.Provider;
            }
        });
    }

    private static string ChooseConnection(IConfiguration files, string? requested)
    {
        var configured = files.GetSection(ExchangeMailSenderServiceCollectionExtensions.DefaultConfigurationSection)
            .GetChildren().Select(c => c.Key).ToArray();
        if (!string.IsNullOrWhiteSpace(requested))
        {
            // A name that is not configured is fine: the flags alone may describe the connection.
            return configured.FirstOrDefault(c => string.Equals(c, requested, StringComparison.OrdinalIgnoreCase)) ?? requested;
        }

        return configured.Length switch
        {
            0 => DefaultConnectionName,
            1 => configured[0],
            _ => throw new CliInputException(
                $"Several Exchange connections are configured ({string.Join(", ", configured)}); choose one with --connection NAME."),
        };
    }
}
