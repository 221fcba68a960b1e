using System.Text;

namespace Exchange.Sending.Testing.Tests.Framing;

/// <summary>How each request body was framed is recorded (Content-Length or chunked), and chunked bodies can be refused.</summary>
public sealed class RequestFramingTests
{
    [Fact]
    public async Task Content_length_body_is_recorded_with_its_declared_length()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var xml = Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message()));

        var response = await server.SendAsync(new ByteArrayContent(xml) { Headers = { { "Content-Type", "text/xml; charset=utf-8" } } });

        response.Status.Should().Be(System.Net.HttpStatusCode.OK);
        var r = server.Requests.Should().ContainSingle().Subject;
        r.ContentLength.Should().Be(xml.Length);
        r.IsChunked.Should().BeFalse();
        r.BodyBytes.Should().Be(xml.Length);
        r.Error.Should().BeNull();
    }

    [Fact]
    public async Task Chunked_body_is_recorded_as_chunked_and_accepted_by_default()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var xml = Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message(attachmentsXml: Soap.FileAttachment("a.bin", new byte[20_000]))));

        var response = await server.SendAsync(new ChunkedContent(xml));

        response.Status.Should().Be(System.Net.HttpStatusCode.OK, response.ToString());
        server.SentMessages.Should().ContainSingle();
        var r = server.Requests.Should().ContainSingle().Subject;
        r.IsChunked.Should().BeTrue();
        r.ContentLength.Should().BeNull();
        r.BodyBytes.Should().Be(xml.Length);
    }

    [Fact]
    public async Task Chunked_body_is_refused_with_411_when_configured_and_nothing_is_processed()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.RejectChunkedRequestBodies = true);

        var response = await server.SendAsync(new ChunkedContent(Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message()))));

        ((int)response.Status).Should().Be(411);
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("text/html");
        response.Text.Should().Contain("411 - Length Required");
        response.Headers.ConnectionClose.Should().BeTrue();
        server.SentMessages.Should().BeEmpty();
        var r = server.Requests.Should().ContainSingle().Subject;
        r.HttpStatus.Should().Be(411);
        r.IsChunked.Should().BeTrue();
        r.Operation.Should().BeNull();
        r.BodyBytes.Should().Be(0);
    }

    [Fact]
    public async Task Chunked_refusal_comes_before_authentication()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.RejectChunkedRequestBodies = true;
            o.Authentication = FakeEwsAuthenticationMode.Basic;
        });

        var response = await server.SendAsync(new ChunkedContent(Encoding.UTF8.GetBytes(Soap.GetFolder("IdOnly", "inbox"))));

        ((int)response.Status).Should().Be(411);
        server.Counters.Unauthorized401.Should().Be(0);
    }

    [Fact]
    public async Task Content_length_body_is_accepted_when_chunked_bodies_are_refused()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.RejectChunkedRequestBodies = true);

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        response.Status.Should().Be(System.Net.HttpStatusCode.OK);
        server.SentMessages.Should().ContainSingle();
    }

    [Fact]
    public async Task Body_ending_before_its_content_length_is_a_failed_request_and_stores_nothing()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        // A complete, valid envelope, but Content-Length promises ten bytes more than arrive before the client half-closes.
        var xml = Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message(subject: "truncated")));

        var answer = await RawHttp.SendAndHalfCloseAsync(server, RawHttp.PostHead(server, $"Content-Length: {xml.Length + 10}"), xml);

        await WaitForRequestsAsync(server, 1);
        answer.Should().NotContain("200 OK");
        server.SentMessages.Should().BeEmpty();
        server.GetFolderItems("sentitems").Should().BeEmpty();
        var r = server.Requests.Should().ContainSingle().Subject;
        r.HttpStatus.Should().BeOneOf(0, 400); // Kestrel takes the FIN as an abort, so usually nobody is left to answer
        r.ContentLength.Should().Be(xml.Length + 10);
        r.BodyBytes.Should().BeLessThanOrEqualTo(xml.Length);
        r.Error.Should().NotBeNullOrEmpty();
        r.Operation.Should().BeNull();
    }

    [Fact]
    public async Task Body_cut_in_the_middle_is_a_failed_request()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var xml = Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message()));

        var answer = await RawHttp.SendAndHalfCloseAsync(server, RawHttp.PostHead(server, $"Content-Length: {xml.Length}"), xml[..(xml.Length / 2)]);

        await WaitForRequestsAsync(server, 1);
        answer.Should().NotContain("200 OK");
        server.SentMessages.Should().BeEmpty();
        server.Requests.Should().ContainSingle().Which.Error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Client_that_writes_less_than_it_declared_fails_and_nothing_is_stored()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        // Larger than HttpClient's write buffer, so part of the body is on the wire when HttpClient gives up.
        var xml = Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message(attachmentsXml: Soap.FileAttachment("a.bin", new byte[150_000]))));

        var act = () => server.SendAsync(new ShortContent(xml, xml.Length + 100));

        // HttpClient itself notices the mismatch and closes the connection mid-body.
        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain("Content-Length promised");
        await WaitForRequestsAsync(server, 1);
        server.SentMessages.Should().BeEmpty();
        var r = server.Requests.Should().ContainSingle().Subject;
        r.Error.Should().NotBeNullOrEmpty();
        r.HttpStatus.Should().BeOneOf(0, 400);
        r.ContentLength.Should().Be(xml.Length + 100);
    }

    [Fact]
    public async Task Expect_100_continue_is_answered_without_the_client_waiting_for_its_timeout()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(10) });
        using var request = new HttpRequestMessage(HttpMethod.Post, server.EndpointUri)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Soap.CreateItem("SendOnly", Soap.Message()))) { Headers = { { "Content-Type", "text/xml; charset=utf-8" } } },
        };
        request.Headers.ExpectContinue = true;
        var watch = System.Diagnostics.Stopwatch.StartNew();

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "Kestrel sends 100 Continue when the server starts reading the body");
        server.SentMessages.Should().ContainSingle();
    }

    internal static async Task WaitForRequestsAsync(FakeEwsServer server, int count)
    {
        for (var i = 0; i < 200 && server.Requests.Count < count; i++)
        {
            await Task.Delay(25);
        }
    }
}
