using System.Net;
using System.Net.Sockets;
using System.Text;
using Exchange.Sending.Testing.Tests.Framing;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>
/// An answer right after the request headers, with the body unread and the connection closed (as IIS and gromox refuse
/// an upload), and what .NET's HttpClient makes of it.
/// </summary>
public sealed class RespondBeforeBodyReadFaultTests
{
    private const int Large = 20 * 1024 * 1024; // well above loopback socket buffering (~4 MB), so the upload is cut off

    [Fact]
    public async Task Small_request_gets_the_status_and_page_and_nothing_is_processed()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413));

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        response.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Text.Should().Contain("413 - Request Entity Too Large");
        response.Headers.ConnectionClose.Should().BeTrue();
        await RequestFramingTests.WaitForRequestsAsync(server, 1);
        server.SentMessages.Should().BeEmpty();
        var r = server.Requests.Should().ContainSingle().Subject;
        r.HttpStatus.Should().Be(413);
        r.BodyBytes.Should().Be(0);
        r.Operation.Should().BeNull();
    }

    [Fact]
    public async Task Custom_body_and_content_type_are_sent()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(400, "bad request", "text/plain"));

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Status.Should().Be(HttpStatusCode.BadRequest);
        response.Text.Should().Be("bad request");
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("text/plain");
    }

    [Fact]
    public async Task Early_401_carries_the_challenges_and_is_counted()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.BasicRealm = "msrpc realm");
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(401));

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.ToString()).Should().Contain("Basic realm=\"msrpc realm\"");
        server.Counters.Unauthorized401.Should().Be(1);
    }

    [Fact]
    public async Task Targeted_fault_acts_early_when_the_soap_action_names_the_operation()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413), operation: "CreateItem");

        var other = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"), soapAction: "\"http://schemas.microsoft.com/exchange/services/2006/messages/GetFolder\"");
        var refused = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), soapAction: "\"http://schemas.microsoft.com/exchange/services/2006/messages/CreateItem\"");

        other.Status.Should().Be(HttpStatusCode.OK);
        refused.Status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await RequestFramingTests.WaitForRequestsAsync(server, 2);
        server.Requests[1].BodyBytes.Should().Be(0);
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Response_reaches_the_client_while_it_is_still_uploading_and_the_rest_is_refused()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes(RawHttp.PostHead(server, $"Content-Length: {Large}") + "\r\n\r\n"));
        long sent = 0;
        var sentWhenAnswered = -1L;
        var receive = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            var n = await socket.ReceiveAsync(buffer);
            Interlocked.Exchange(ref sentWhenAnswered, Interlocked.Read(ref sent));
            return Encoding.ASCII.GetString(buffer, 0, n);
        });

        SocketError? sendError = null;
        var chunk = new byte[64 * 1024];
        try
        {
            while (sent < Large)
            {
                Interlocked.Add(ref sent, await socket.SendAsync(chunk));
            }
        }
        catch (SocketException ex)
        {
            sendError = ex.SocketErrorCode;
        }

        (await receive).Should().StartWith("HTTP/1.1 413");
        Interlocked.Read(ref sentWhenAnswered).Should().BeLessThan(Large, "the answer came while the body was still being uploaded");
        sendError.Should().BeOneOf(SocketError.ConnectionReset, SocketError.Shutdown);
        sent.Should().BeLessThan(Large, "the server closed the connection instead of reading the rest");
    }

    [Fact]
    public async Task HttpClient_with_expect_100_continue_gets_the_status_without_sending_the_body()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413));
        using var client = new HttpClient();
        var content = new CountingContent(Large);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.EndpointUri) { Content = content };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        content.Written.Should().Be(0);
    }

    [Fact]
    public async Task HttpClient_without_expect_loses_the_status_to_the_reset_of_a_large_upload()
    {
        // Characterises SocketsHttpHandler (HTTP/1.1): the 413 is on the client's socket, but the upload fails first
        // and HttpClient reports the write failure, not the status. Bodies that fit in the socket buffers get the status.
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413));
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.EndpointUri) { Content = new CountingContent(Large) };

        var act = () => client.SendAsync(request);

        var error = (await act.Should().ThrowAsync<HttpRequestException>()).Which;
        error.HttpRequestError.Should().Be(HttpRequestError.Unknown);
        error.StatusCode.Should().BeNull();
        error.Message.Should().Be("Error while copying content to a stream.");
        var io = error.InnerException.Should().BeOfType<IOException>().Subject;
        io.InnerException.Should().BeOfType<SocketException>().Which.SocketErrorCode.Should().BeOneOf(SocketError.ConnectionReset, SocketError.Shutdown);
        await RequestFramingTests.WaitForRequestsAsync(server, 1);
        server.Requests.Should().ContainSingle().Which.HttpStatus.Should().Be(413);
    }

    private sealed class CountingContent : HttpContent
    {
        private readonly int _length;

        public CountingContent(int length)
        {
            _length = length;
            Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=utf-8");
        }

        public long Written { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 * 1024];
            while (Written < _length)
            {
                var n = (int)Math.Min(chunk.Length, _length - Written);
                await stream.WriteAsync(chunk.AsMemory(0, n));
                Written += n;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
