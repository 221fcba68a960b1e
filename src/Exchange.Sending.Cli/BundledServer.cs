using System.Runtime.CompilerServices;
using Exchange.Sending.Testing;

namespace Exchange.Sending.Cli;

/// <summary>
/// The bundled loopback EWS server (Exchange.Sending.Testing) as the CLI uses it: started on 127.0.0.1 when no
/// server is configured, with Microsoft's schema validation switched on when the schema folder is found.
/// </summary>
internal sealed class BundledServer : IAsyncDisposable
{
    /// <summary>The sender address used with the bundled server when neither <c>--sender</c> nor the configuration gives one.</summary>
    public const string DemoSenderAddress = "demo@example.com";

    /// <summary>Display name of the demo sender.</summary>
    public const string DemoSenderName = "Exchange.Sending demo";

    private BundledServer(FakeEwsServer server, EwsSchemaLocation schema, IReadOnlyList<FakeEwsUser> users, ExchangeMailbox? sender)
    {
        Server = server;
        Schema = schema;
        Users = users;
        Sender = sender;
    }

    /// <summary>The running server.</summary>
    public FakeEwsServer Server { get; }

    /// <summary>Where the schema search looked and what it found.</summary>
    public EwsSchemaLocation Schema { get; }

    /// <summary>The schema folder requests are validated against, or null when validation is off.</summary>
    public string? SchemaDirectory => Schema.Directory;

    /// <summary>The mailbox users the server was started with.</summary>
    public IReadOnlyList<FakeEwsUser> Users { get; }

    /// <summary>The connection's sender when started by <see cref="StartForConnectionAsync"/> (send, check); null for serve.</summary>
    public ExchangeMailbox? Sender { get; }

    /// <summary>
    /// The mailbox requests act as (the server is anonymous, so it is the first user): the account the connection
    /// signs in as. Sending with any other address in From is Send As, which the bundled server does not grant.
    /// </summary>
    public string Account => Users[0].Address;

    /// <summary>Starts the server on 127.0.0.1. With no users given, one anonymous demo mailbox (<see cref="DemoSenderAddress"/>).</summary>
    /// <param name="users">Mailbox users; when given, they replace the demo user.</param>
    /// <param name="port">TCP port, 0 for any free one.</param>
    /// <param name="basicAuthentication">Require HTTP Basic authentication with the users' passwords.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="CliInputException">The ASP.NET Core runtime is not installed.</exception>
    public static Task<BundledServer> StartAsync(IReadOnlyList<FakeEwsUser> users, int port, bool basicAuthentication, CancellationToken cancellationToken)
    {
        AspNetCoreRuntime.EnsureLoadable();
        return StartAsync(users.Count > 0 ? users : [new FakeEwsUser(DemoSenderAddress, DemoSenderName)], port, basicAuthentication, sender: null, cancellationToken);
    }

    /// <summary>
    /// Starts an anonymous server on a free port for <c>send</c> and <c>check</c>. The sender is <c>--sender</c>, else the
    /// connection's configured <c>SenderAddress</c>, else <see cref="DemoSenderAddress"/>; the server's one mailbox (the
    /// account requests act as) is that sender, so the demo works with any sender. To see Send As refused, give the
    /// account with <c>--user ADDRESS</c> and a different <c>--sender</c>: the mailbox is then the <c>--user</c> address.
    /// </summary>
    /// <param name="configuration">The settings, flags included.</param>
    /// <param name="flags">The connection flags given on the command line.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="CliInputException">The ASP.NET Core runtime is not installed.</exception>
    public static Task<BundledServer> StartForConnectionAsync(CliConfiguration configuration, ConnectionFlags flags, CancellationToken cancellationToken)
    {
        AspNetCoreRuntime.EnsureLoadable();
        var configuredAddress = configuration.Connection[nameof(ExchangeConnectionOptions.SenderAddress)];
        var sender = string.IsNullOrWhiteSpace(configuredAddress)
            ? new ExchangeMailbox(DemoSenderAddress, configuration.Connection[nameof(ExchangeConnectionOptions.SenderName)] ?? DemoSenderName)
            : new ExchangeMailbox(configuredAddress.Trim(), configuration.Connection[nameof(ExchangeConnectionOptions.SenderName)]);
        var account = flags.User is { } user && user.Contains('@') && !string.Equals(user.Trim(), sender.Address, StringComparison.OrdinalIgnoreCase)
            ? new FakeEwsUser(user.Trim(), user.Trim())
            : new FakeEwsUser(sender.Address, sender.DisplayName ?? sender.Address);
        return StartAsync([account], port: 0, basicAuthentication: false, sender, cancellationToken);
    }

    // Not inlined into the entry points above: ASP.NET Core's assemblies become loadable only once they have run.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<BundledServer> StartAsync(IReadOnlyList<FakeEwsUser> users, int port, bool basicAuthentication, ExchangeMailbox? sender, CancellationToken cancellationToken)
    {
        var location = LocateSchema();
        var schema = location.Directory;
        var options = new FakeEwsServerOptions
        {
            SchemaDirectory = schema,
            Port = port,
            Authentication = basicAuthentication ? FakeEwsAuthenticationMode.Basic : FakeEwsAuthenticationMode.Anonymous,
        };
        foreach (var user in users)
        {
            options.Users.Add(user);
        }

        var server = await FakeEwsServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new BundledServer(server, location, options.Users.ToArray(), sender);
    }

    /// <summary>Connection settings that point a connection at this server (they override configuration).</summary>
    public IReadOnlyDictionary<string, string?> ConnectionSettings() => new Dictionary<string, string?>
    {
        [nameof(ExchangeConnectionOptions.ServerUrl)] = Server.ServerUrl,
        [nameof(ExchangeConnectionOptions.AllowInsecureHttp)] = "true",
        [nameof(ExchangeConnectionOptions.AuthenticationType)] = nameof(ExchangeAuthenticationType.None),
        [nameof(ExchangeConnectionOptions.Disabled)] = "false",
        [nameof(ExchangeConnectionOptions.SenderAddress)] = Sender?.Address ?? Account,
        [nameof(ExchangeConnectionOptions.SenderName)] = Sender?.DisplayName,
    };

    /// <summary>One line naming the server's mailbox and, when the sender is another address, that Send As will be refused.</summary>
    public string DescribeMailbox() =>
        Sender is null || string.Equals(Sender.Address, Account, StringComparison.OrdinalIgnoreCase)
            ? $"Mailbox {Account} (anonymous; the connection acts as this account and sends as it)."
            : $"Mailbox {Account} (anonymous; the connection acts as this account). Sending as {Sender.Address} needs Send As, "
              + $"which the bundled server does not grant, and it knows no mailbox {Sender.Address} (the check's Sender step fails); "
              + "to see ErrorSendAsDenied, run exchange-send serve with --user for both addresses.";

    /// <summary>One line saying where the server listens and whether requests are checked against the schema.</summary>
    public string Describe() =>
        $"Bundled loopback EWS server at {Server.EndpointUri}; "
        + (SchemaDirectory is null
            ? $"schema validation OFF. {Schema.Describe()}"
            : $"schema validation ON against {SchemaDirectory}.");

    /// <summary>
    /// Where the EWS schema folder is, by <see cref="EwsSchemaLocator"/>'s rules: <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c>,
    /// else the first <c>shared/ews-schema</c> holding messages.xsd and types.xsd walking up from the current directory,
    /// then from the program's own folder (the repository keeps it beside itself, in ../shared).
    /// </summary>
    public static EwsSchemaLocation LocateSchema() => EwsSchemaLocator.Locate();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
