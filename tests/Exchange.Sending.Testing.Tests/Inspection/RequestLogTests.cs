namespace Exchange.Sending.Testing.Tests.Inspection;

/// <summary>Every request is recorded with its operation, version, status, code and sizes (never a secret).</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Request_is_recorded_with_its_outcome()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var xml = Soap.CreateItem("SendOnly", Soap.Message(to: null), version: "Exchange2016");

        await server.PostAsync(xml, authorization: "Bearer secret-token", soapAction: "\"http://schemas.microsoft.com/exchange/services/2006/messages/CreateItem\"");

        var r = server.Requests.Should().ContainSingle().Subject;
        r.Operation.Should().Be("CreateItem");
        r.RequestServerVersion.Should().Be("Exchange2016");
        r.HttpStatus.Should().Be(200);
        r.ResponseCode.Should().Be("ErrorInvalidRecipients");
        r.AuthorizationScheme.Should().Be("Bearer");
        r.ToString().Should().NotContain("secret-token");
        r.ContentType.Should().Be("text/xml; charset=utf-8");
        r.BodyBytes.Should().Be(System.Text.Encoding.UTF8.GetByteCount(xml));
        r.SoapAction.Should().Contain("CreateItem");
        r.ConnectionId.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Counters_track_requests_connections_and_body_bytes()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var xml = Soap.GetFolder("IdOnly", "inbox");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });

        await server.PostAsync(xml, client: client);
        await server.PostAsync(xml, client: client);

        server.Counters.Requests.Should().Be(2);
        server.Counters.Connections.Should().Be(1);
        server.Counters.BodyBytesReceived.Should().Be(2L * System.Text.Encoding.UTF8.GetByteCount(xml));
        var perConnection = server.Counters.ForConnection(server.Requests[0].ConnectionId);
        perConnection.Requests.Should().Be(2);
        perConnection.Unauthorized401.Should().Be(0);
    }

    [Fact]
    public async Task Clearing_history_forgets_messages_and_requests_but_keeps_counters()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "Exchange2016"));
        server.SentMessages.Should().ContainSingle();

        server.ClearHistory();

        server.SentMessages.Should().BeEmpty();
        server.Requests.Should().BeEmpty();
        server.Counters.Requests.Should().Be(1);
        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "Exchange2016"));
        (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).Should().BeSameAs(server.SentMessages.Single());
    }
}
