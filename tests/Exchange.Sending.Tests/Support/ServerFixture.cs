using Exchange.Sending.Testing;
using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Tests.Support;

/// <summary>Starts the bundled EWS server on loopback (schema validation on: every request our client emits is checked
/// against Microsoft's schema) and builds senders pointed at it.</summary>
internal static class ServerFixture
{
    public const string Account = "sender";
    public const string AccountAddress = "sender@example.com";
    public const string Password = "Pa55-w0rd!secret";

    public static async Task<FakeEwsServer> StartAsync(Action<FakeEwsServerOptions>? configure = null)
    {
        var options = new FakeEwsServerOptions
        {
            SchemaDirectory = EwsSchema.RequireDirectory(),
            RequireSchemaValidation = true,
        };
        options.Users.Add(new FakeEwsUser(AccountAddress, "Sender Account", Account, Password));
        configure?.Invoke(options);
        var server = await FakeEwsServer.StartAsync(options);
        if (!server.SchemaValidationEnabled)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException("The bundled server must validate against the EWS schema in these tests.");
        }

        return server;
    }

    public static ExchangeConnectionOptions Options(FakeEwsServer server, Action<ExchangeConnectionOptions>? change = null)
    {
        var options = new ExchangeConnectionOptions
        {
            SystemName = "loopback",
            ServerUrl = server.ServerUrl,
            AllowInsecureHttp = true,
            SenderAddress = AccountAddress,
            SenderName = "Sender Account",
            RequestTimeout = TimeSpan.FromSeconds(30),
            // These tests count requests and queue faults for the first one: they name the item format so that the
            // automatic choice's one-time GetFolder probe does not take part (MessageFormatTests cover Automatic).
            MessageFormat = ExchangeMessageFormat.Items,
        };
        change?.Invoke(options);
        return options;
    }

    public static ExchangeMailSender Sender(FakeEwsServer server, Action<ExchangeConnectionOptions>? change = null, ILoggerFactory? loggerFactory = null) =>
        new(Options(server, change), loggerFactory);
}
