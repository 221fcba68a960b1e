using System.Security.Cryptography;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Http;

/// <summary>ProxyUrl over real sockets: a loopback CONNECT proxy in front of the bundled HTTPS server shows where requests go.</summary>
public class ProxyTests
{
    [SkippableFact]
    public async Task Requests_go_through_the_configured_proxy()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = await CertificateTrustTests.StartHttpsAsync(certificate);
        await using var proxy = new ConnectProxy();
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [certificate.GetCertHashString(HashAlgorithmName.SHA256)];
            o.ProxyUrl = proxy.Address.ToString();
        });

        await sender.SendAsync(TestOptions.Message());

        server.SentMessages.Should().HaveCount(1);
        proxy.Targets.Should().Equal(server.ServerUrl);
    }

    [SkippableFact]
    public async Task A_host_in_the_bypass_list_is_reached_directly()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = await CertificateTrustTests.StartHttpsAsync(certificate);
        await using var proxy = new ConnectProxy();
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [certificate.GetCertHashString(HashAlgorithmName.SHA256)];
            o.ProxyUrl = proxy.Address.ToString();
            o.ProxyBypassList = ["mail.example.com", "127.0.0.1"];
        });

        await sender.SendAsync(TestOptions.Message());

        server.SentMessages.Should().HaveCount(1);
        proxy.Targets.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_proxy_that_refuses_the_tunnel_is_named_in_the_error_and_nothing_is_sent()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = await CertificateTrustTests.StartHttpsAsync(certificate);
        await using var proxy = new ConnectProxy(demandCredentials: true);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [certificate.GetCertHashString(HashAlgorithmName.SHA256)];
            o.ProxyUrl = proxy.Address.ToString();
        });

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Message.Should().Contain($"the proxy 127.0.0.1:{proxy.Address.Port} did not open a tunnel to 127.0.0.1").And.Contain("(it answered HTTP 407)").And.Contain("ProxyUseDefaultCredentials");
        error.Message.Should().NotContain("'.\"");
        error.OutcomeUnknown.Should().BeFalse();
        proxy.Targets.Should().ContainSingle("a refused tunnel is not retried");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_proxy_that_refuses_the_connection_is_named_not_the_server()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var sender = new ExchangeMailSender(TestOptions.Valid(o =>
        {
            o.ServerUrl = "mail.example.com";
            o.ProxyUrl = $"http://127.0.0.1:{port}";
            o.MaxRetryAttempts = 0;
        }));

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Message.Should().Contain($"the proxy 127.0.0.1:{port} refused the connection").And.Contain("Check ProxyUrl").And.NotContain("Check the host and port in ServerUrl");
    }

    [Theory]
    [InlineData("mail.corp.example.com", "*.corp.example.com", true)]
    [InlineData("MAIL.example.com", "mail.example.com", true)]
    [InlineData("corp.example.com", "*.corp.example.com", false)]
    [InlineData("mail.example.org", "mail.example.com", false)]
    [InlineData("example.com", ".example.com", true)]
    [InlineData("mail.corp.example.com", ".example.com", true)]
    [InlineData("badexample.com", ".example.com", false)]
    [InlineData("10.1.2.3", "10.1.2.3", true)]
    [InlineData("[::1]", "[::1]", true)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("[::1]", "0:0:0:0:0:0:0:1", true)]
    [InlineData("10.1.2.4", "10.1.2.3", false)]
    public void Bypass_entries_are_host_names_with_an_optional_domain_wildcard(string host, string entry, bool bypassed)
    {
        var proxy = new Transport.Http.ConfiguredProxy(new Uri("http://proxy:3128"), [entry], useDefaultCredentials: false);
        proxy.IsBypassed(new Uri($"https://{host}/EWS/Exchange.asmx")).Should().Be(bypassed);
        proxy.GetProxy(new Uri($"https://{host}/")).Should().Be(bypassed ? null : new Uri("http://proxy:3128"));
    }
}
