using System.Net;
using System.Net.Sockets;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Failures without a usable EWS answer name the endpoint and never resend a message that may have gone out.</summary>
public class TransportErrorTests
{
    [SkippableFact]
    public async Task Html_page_instead_of_soap_says_the_endpoint_is_not_ews()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HtmlPage(200));
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.NotEws);
        error.HttpStatus.Should().Be(200);
        error.Message.Should().Contain($"{server.EndpointUri} is not an EWS endpoint").And.Contain("HTTP 200");
        error.OutcomeUnknown.Should().BeFalse("a login page is what a proxy answers before EWS sees the request");
    }

    [SkippableTheory]
    [InlineData(403, "EWS may be disabled")]
    [InlineData(404, "check ServerUrl")]
    [InlineData(413, "larger than the server")]
    [InlineData(507, "out of storage")]
    public async Task Http_errors_name_status_endpoint_and_cause(int status, string advice)
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(status));
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.HttpStatus.Should().Be(status);
        error.Message.Should().Contain($"HTTP {status}").And.Contain(advice).And.Contain(server.EndpointUri.ToString());
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Service_unavailable_is_retried()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(503));
        using var sender = ServerFixture.Sender(server);
        await sender.SendAsync(TestOptions.Message());
        server.SentMessages.Should().HaveCount(1);
        server.Requests.Select(r => r.HttpStatus).Should().Equal(503, 200);
    }

    [SkippableFact]
    public async Task Connection_dropped_after_the_body_was_read_is_reported_as_unknown_outcome_and_not_resent()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead());
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.ConnectionLost);
        error.OutcomeUnknown.Should().BeTrue();
        error.Message.Should().Contain($"look for Message-ID {error.InternetMessageId} in Sent Items").And.Contain("before sending again");
        server.Requests.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task Timeout_names_the_endpoint()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(5)));
        using var sender = ServerFixture.Sender(server, o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.Timeout);
        error.Message.Should().Contain(server.EndpointUri.ToString()).And.Contain("within 1 s");
        error.OutcomeUnknown.Should().BeTrue();
        error.IsTransient.Should().BeFalse("it may have been sent: look it up, do not just try again");
    }

    [SkippableFact]
    public async Task Redirect_to_another_host_is_not_followed()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Redirect("https://evil.example.net/EWS/Exchange.asmx"));
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.Redirect);
        error.Message.Should().Contain("https://evil.example.net/EWS/Exchange.asmx").And.Contain("not followed");
    }

    [Fact]
    public async Task Refused_connection_names_host_and_port()
    {
        var port = FreePort();
        using var sender = new ExchangeMailSender(TestOptions.Valid(o =>
        {
            o.ServerUrl = $"127.0.0.1:{port}";
            o.AllowInsecureHttp = true;
            o.MaxRetryAttempts = 0;
        }));
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.ConnectionRefused);
        error.Message.Should().Contain($"127.0.0.1:{port}");
        error.Message.Should().NotContain("S3cret!Pa55");
        error.ToString().Should().NotContain("S3cret!Pa55");
    }

    [SkippableFact]
    public async Task Https_to_a_plain_http_server_is_a_tls_failure_naming_the_host()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => { o.AllowInsecureHttp = false; o.MaxRetryAttempts = 0; });

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.Tls);
        error.Endpoint.Should().Be(new Uri($"https://{server.ServerUrl}/EWS/Exchange.asmx"));
        error.Message.Should().Contain("TLS handshake with 127.0.0.1 failed");
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_host_is_a_dns_failure()
    {
        using var sender = new ExchangeMailSender(TestOptions.Valid(o => { o.ServerUrl = "no-such-host.invalid"; o.MaxRetryAttempts = 0; }));
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.NameResolution);
        error.Message.Should().Contain("'no-such-host.invalid' could not be resolved");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
