using System.Net.Sockets;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Sending.Tests.Http;

/// <summary>The host's additions to a connection's HTTP pipeline: delegating handlers that see every request, and
/// configuration of the primary <see cref="SocketsHttpHandler"/>, with the library's own settings applied after them.</summary>
public class HttpPipelineTests
{
    [SkippableFact]
    public async Task A_delegating_handler_added_by_the_host_sees_each_request()
    {
        await using var server = await ServerFixture.StartAsync();
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o => Copy(ServerFixture.Options(server), o))
            .AddHttpMessageHandler(_ => new RecordingHandler(seen, "outer"))
            .AddHttpMessageHandler(_ => new RecordingHandler(seen, "inner"));
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredKeyedService<IExchangeMailSender>("main");

        await sender.SendAsync(TestOptions.Message());
        await sender.SendAsync(TestOptions.Message());

        server.Requests.Should().HaveCount(2);
        seen.Should().Equal("outer", "inner", "outer", "inner");
    }

    [SkippableFact]
    public async Task Defaults_apply_to_every_connection_and_the_builders_per_connection()
    {
        await using var server = await ServerFixture.StartAsync();
        var seen = new List<string>();
        var services = new ServiceCollection();
        services.ConfigureExchangeMailSenderDefaults(b => b.AddHttpMessageHandler(_ => new RecordingHandler(seen, "all")));
        services.AddExchangeMailSender("a", o => Copy(ServerFixture.Options(server), o)).AddHttpMessageHandler(_ => new RecordingHandler(seen, "a"));
        services.AddExchangeMailSender("b", o => Copy(ServerFixture.Options(server), o));
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredKeyedService<IExchangeMailSender>("a").SendAsync(TestOptions.Message());
        await provider.GetRequiredKeyedService<IExchangeMailSender>("b").SendAsync(TestOptions.Message());

        seen.Should().Equal("all", "a", "all");
    }

    [SkippableFact]
    public async Task The_primary_handler_configuration_applies_and_the_librarys_own_settings_hold()
    {
        await using var server = await ServerFixture.StartAsync();
        SocketsHttpHandler? configured = null;
        var connects = 0;
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o => Copy(ServerFixture.Options(server), o))
            .ConfigurePrimaryHttpMessageHandler(h =>
            {
                configured = h;
                h.AllowAutoRedirect = true;            // the library sets it back: EWS never follows redirects
                h.MaxResponseHeadersLength = 123;
                h.ConnectCallback = async (context, token) =>
                {
                    Interlocked.Increment(ref connects);
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    return new NetworkStream(socket, ownsSocket: true);
                };
            });
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredKeyedService<IExchangeMailSender>("main");

        await sender.SendAsync(TestOptions.Message());
        await sender.SendAsync(TestOptions.Message());

        configured.Should().NotBeNull();
        configured!.MaxResponseHeadersLength.Should().Be(123);
        configured.AllowAutoRedirect.Should().BeFalse();
        configured.SslOptions.RemoteCertificateValidationCallback.Should().NotBeNull("the library's validation reports untrusted certificates clearly");
        connects.Should().Be(1, "one long-lived handler: the second send reuses the pooled connection");
    }

    [SkippableFact]
    public async Task The_unpooled_handler_for_large_requests_gets_the_same_chain()
    {
        // Until the server is known (the first request), a request over 60 KiB goes on a connection of its own (gromox).
        await using var server = await ServerFixture.StartAsync();
        var seen = new List<string>();
        var built = 0;
        var configuredHandlers = 0;
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o => Copy(ServerFixture.Options(server), o))
            .ConfigurePrimaryHttpMessageHandler(_ => Interlocked.Increment(ref configuredHandlers))
            .AddHttpMessageHandler(_ =>
            {
                Interlocked.Increment(ref built);
                return new RecordingHandler(seen, "host");
            });
        await using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredKeyedService<IExchangeMailSender>("main");

        await sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("big.bin", new byte[100 * 1024]))));

        server.SentMessages.Should().HaveCount(1);
        built.Should().Be(2, "the pooled chain and the unpooled one each got a handler of their own");
        configuredHandlers.Should().Be(2);
        seen.Should().HaveCount(server.Requests.Count);
    }

    [SkippableFact]
    public async Task A_host_callback_together_with_trust_settings_is_refused_when_the_sender_is_built()
    {
        await using var server = await ServerFixture.StartAsync();
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o =>
            {
                Copy(ServerFixture.Options(server), o);
                o.AllowInsecureHttp = false;
                o.TrustedCertificateThumbprints = [new string('A', 64)];
            })
            .ConfigurePrimaryHttpMessageHandler(h => h.SslOptions.RemoteCertificateValidationCallback = (_, _, _, e) => e == System.Net.Security.SslPolicyErrors.None);
        await using var provider = services.BuildServiceProvider();

        var get = () => provider.GetRequiredService<IExchangeMailSenderFactory>().Get("main");
        get.Should().Throw<InvalidOperationException>().WithMessage("*RemoteCertificateValidationCallback*TrustedCertificateThumbprints or TrustedCaCertificateFile*");
    }

    [Fact]
    public void A_factory_that_returns_a_handler_already_in_a_chain_is_refused()
    {
        using var shared = new RecordingHandler([], "shared") { InnerHandler = new HttpClientHandler() };
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o => Copy(TestOptions.Valid(), o)).AddHttpMessageHandler(_ => shared);
        using var provider = services.BuildServiceProvider();

        var get = () => provider.GetRequiredService<IExchangeMailSenderFactory>().Get("main");
        get.Should().Throw<InvalidOperationException>().WithMessage("*already has an InnerHandler*new handler each time*");
    }

    private static void Copy(ExchangeConnectionOptions from, ExchangeConnectionOptions to)
    {
        foreach (var property in typeof(ExchangeConnectionOptions).GetProperties().Where(p => p.CanWrite && p.Name != nameof(ExchangeConnectionOptions.SystemName)))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }

    private sealed class RecordingHandler(List<string> seen, string name) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(name);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
