using Exchange.Sending.Testing;

namespace Exchange.Sending.WindowsAuth.Tests.Support;

/// <summary>The bundled EWS server with <see cref="NegotiateAuthenticator"/>, bound to <c>localhost</c> (Kerberos needs
/// the URL host to match the service principal HTTP/localhost in the keytab).</summary>
internal sealed class WindowsAuthServer : IAsyncDisposable
{
    public const string MailboxAddress = "alice@example.test";

    private WindowsAuthServer(FakeEwsServer server, NegotiateAuthenticator authenticator)
    {
        Server = server;
        Authenticator = authenticator;
    }

    public FakeEwsServer Server { get; }

    /// <summary><c>localhost:{port}</c>: Kerberos needs the host the service principal is registered for.</summary>
    public string ServerUrl => $"localhost:{Server.Port}";

    /// <summary><c>http://localhost:{port}/EWS/Exchange.asmx</c>.</summary>
    public Uri EndpointUri => new($"http://{ServerUrl}{Server.EndpointUri.AbsolutePath}");

    public NegotiateAuthenticator Authenticator { get; }

    public static async Task<WindowsAuthServer> StartAsync(NegotiateAuthenticatorOptions? authenticatorOptions = null)
    {
        WindowsAuthEnvironment.Require();
        var authenticator = new NegotiateAuthenticator(authenticatorOptions);
        var options = new FakeEwsServerOptions { Host = "localhost", CustomAuthenticator = authenticator, SchemaDirectory = SchemaDirectory() };
        options.Users.Add(new FakeEwsUser(MailboxAddress, "Alice", WindowsAuthEnvironment.User));
        return new WindowsAuthServer(await FakeEwsServer.StartAsync(options), authenticator);
    }

    /// <summary>A connection to this server; tests set the authentication fields.</summary>
    public ExchangeConnectionOptions Options(Action<ExchangeConnectionOptions> change)
    {
        var options = new ExchangeConnectionOptions
        {
            SystemName = "winauth",
            ServerUrl = ServerUrl,
            AllowInsecureHttp = true,
            AuthenticationType = ExchangeAuthenticationType.Windows,
            SenderAddress = MailboxAddress,
            SenderName = "Alice",
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        change(options);
        return options;
    }

    public ExchangeMailSender Sender(Action<ExchangeConnectionOptions> change) => new(Options(change));

    public static ExchangeMailMessage Message(string subject = "Windows authentication", Action<ExchangeMailMessage>? change = null)
    {
        var message = new ExchangeMailMessage { Subject = subject, Body = ExchangeMessageBody.Text("sent with Windows authentication") };
        message.To.Add(new ExchangeMailbox("bob@example.test", "Bob"));
        change?.Invoke(message);
        return message;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>The schema folder by <see cref="EwsSchemaLocator"/>'s rules, or null (the server then validates without the XSD).</summary>
    private static string? SchemaDirectory() => EwsSchemaLocator.Find(typeof(WindowsAuthServer).Assembly);
}
