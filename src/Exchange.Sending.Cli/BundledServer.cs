using Exchange.Sending.Testing;

namespace Exchange.Sending.Cli;

/// <summary>
/// The bundled loopback EWS server (Exchange.Sending.Testing) as the CLI uses it: started on 127.0.0.1 when no
/// server is configured, with Microsoft's schema validation switched on when the schema folder is found.
/// </summary>
internal sealed class BundledServer : IAsyncDisposable
{
    /// <summary>The sender address used with the bundled server unless <c>--sender</c> says otherwise.</summary>
    public const string DemoSenderAddress = "demo@example.com";

    /// <summary>Display name of the demo sender.</summary>
    public const string DemoSenderName = "Exchange.Sending demo";

    private BundledServer(FakeEwsServer server, string? schemaDirectory, IReadOnlyList<FakeEwsUser> users)
    {
        Server = server;
        SchemaDirectory = schemaDirectory;
        Users = users;
    }

    /// <summary>The running server.</summary>
    public FakeEwsServer Server { get; }

    /// <summary>The schema folder requests are validated against, or null when validation is off.</summary>
    public string? SchemaDirectory { get; }

    /// <summary>The mailbox users the server was started with.</summary>
    public IReadOnlyList<FakeEwsUser> Users { get; }

    /// <summary>Starts the server on 127.0.0.1. With no users given, one anonymous demo mailbox (<see cref="DemoSenderAddress"/>).</summary>
    /// <param name="users">Mailbox users; when given, they replace the demo user.</param>
    /// <param name="port">TCP port, 0 for any free one.</param>
    /// <param name="basicAuthentication">Require HTTP Basic authentication with the users' passwords.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<BundledServer> StartAsync(IReadOnlyList<FakeEwsUser> users, int port, bool basicAuthentication, CancellationToken cancellationToken)
    {
        var schema = FindSchemaDirectory();
        var options = new FakeEwsServerOptions
        {
            SchemaDirectory = schema,
            Port = port,
            Authentication = basicAuthentication ? FakeEwsAuthenticationMode.Basic : FakeEwsAuthenticationMode.Anonymous,
        };
        foreach (var user in users.Count > 0 ? users : [new FakeEwsUser(DemoSenderAddress, DemoSenderName)])
        {
            options.Users.Add(user);
        }

        var server = await FakeEwsServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new BundledServer(server, schema, options.Users.ToArray());
    }

    /// <summary>Connection settings that point a connection at this server (they override configuration).</summary>
    public IReadOnlyDictionary<string, string?> ConnectionSettings(ConnectionFlags flags) => new Dictionary<string, string?>
    {
        [nameof(ExchangeConnectionOptions.ServerUrl)] = Server.ServerUrl,
        [nameof(ExchangeConnectionOptions.AllowInsecureHttp)] = "true",
        [nameof(ExchangeConnectionOptions.AuthenticationType)] = nameof(ExchangeAuthenticationType.None),
        [nameof(ExchangeConnectionOptions.Disabled)] = "false",
        [nameof(ExchangeConnectionOptions.SenderAddress)] = flags.Sender ?? DemoSenderAddress,
        [nameof(ExchangeConnectionOptions.SenderName)] = flags.SenderName ?? (flags.Sender is null ? DemoSenderName : null),
    };

    /// <summary>One line saying where the server listens and whether requests are checked against the schema.</summary>
    public string Describe() =>
        $"Bundled loopback EWS server at {Server.EndpointUri}; "
        + (SchemaDirectory is null
            ? $"schema validation OFF (no shared/ews-schema folder found; set {FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable} to enable it)."
            : $"schema validation ON against {SchemaDirectory}.");

    /// <summary>
    /// The EWS schema folder: <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c>, else the first <c>shared/ews-schema</c> found walking
    /// up from the current directory, then from the program's own folder (the repository keeps it beside itself, in ../shared).
    /// </summary>
    public static string? FindSchemaDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "ews-schema");
                if (File.Exists(Path.Combine(candidate, "messages.xsd")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
