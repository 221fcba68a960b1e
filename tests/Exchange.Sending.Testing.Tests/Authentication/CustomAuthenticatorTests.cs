using System.Net;

namespace Exchange.Sending.Testing.Tests.Authentication;

/// <summary>
/// The extension point supports a connection-based, multi-leg handshake (like NTLM): state kept on the TCP
/// connection, 401 per leg, identity persisted on the connection.
/// </summary>
public sealed class CustomAuthenticatorTests
{
    /// <summary>A two-leg toy handshake: "Toy hello" → 401 "Toy challenge"; "Toy response" → success.</summary>
    private sealed class ToyHandshake : IFakeEwsAuthenticator
    {
        public int Calls;

        public ValueTask<FakeEwsAuthenticationResult> AuthenticateAsync(FakeEwsAuthenticationContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var header = context.AuthorizationHeader;
            if (header == "Toy hello")
            {
                context.ConnectionItems["toy"] = "challenged";
                return ValueTask.FromResult(FakeEwsAuthenticationResult.Challenge("Toy challenge"));
            }

            if (header == "Toy response" && context.ConnectionItems.TryGetValue("toy", out var state) && (string?)state == "challenged")
            {
                return ValueTask.FromResult(FakeEwsAuthenticationResult.Success(context.FindUser("CORP\\alice")!, "ToyPackage", persistOnConnection: true));
            }

            return ValueTask.FromResult(FakeEwsAuthenticationResult.Challenge("Toy"));
        }
    }

    [Fact]
    public async Task Handshake_state_lives_on_the_connection_and_identity_persists()
    {
        var toy = new ToyHandshake();
        await using var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.CustomAuthenticator = toy;
            o.Users.Add(new FakeEwsUser("alice@example.com", "Alice", "alice"));
        });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        var xml = Soap.CreateItem("SendOnly", Soap.Message());

        var none = await server.PostAsync(xml, client: client);
        var leg1 = await server.PostAsync(xml, client: client, authorization: "Toy hello");
        var leg2 = await server.PostAsync(xml, client: client, authorization: "Toy response");
        var later = await server.PostAsync(xml, client: client);

        none.Status.Should().Be(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.Single().Scheme.Should().Be("Toy");
        leg1.Status.Should().Be(HttpStatusCode.Unauthorized);
        leg1.Headers.WwwAuthenticate.Single().ToString().Should().Be("Toy challenge");
        leg2.ResponseCode.Should().Be("NoError");
        later.ResponseCode.Should().Be("NoError", "the identity is persisted on the connection");
        toy.Calls.Should().Be(3);
        server.SentMessages.Should().HaveCount(2).And.OnlyContain(m => m.AuthenticatedUser == "alice@example.com");
        var connection = server.Counters.ForConnection(server.Requests[0].ConnectionId);
        connection.Unauthorized401.Should().Be(2);
        connection.Requests.Should().Be(4);
        connection.AuthenticatedUser.Should().Be("alice@example.com");
        server.Counters.Connections.Should().Be(1);
        server.Requests[2].AuthenticationPackage.Should().Be("ToyPackage");
        connection.BodyBytesReceived.Should().Be(4L * System.Text.Encoding.UTF8.GetByteCount(xml), "401 legs drain their bodies");
    }

    [Fact]
    public async Task A_new_connection_must_authenticate_again()
    {
        var toy = new ToyHandshake();
        await using var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.CustomAuthenticator = toy;
            o.Users.Add(new FakeEwsUser("alice@example.com", "Alice", "alice"));
        });
        var xml = Soap.GetFolder("IdOnly", "inbox");
        using (var first = new HttpClient())
        {
            await server.PostAsync(xml, client: first, authorization: "Toy hello");
            (await server.PostAsync(xml, client: first, authorization: "Toy response")).ResponseCode.Should().Be("NoError");
        }

        using var second = new HttpClient();
        var response = await server.PostAsync(xml, client: second);

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        server.Counters.Connections.Should().Be(2);
    }
}
