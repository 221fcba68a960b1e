using System.Net;
using System.Text;

namespace Exchange.Sending.Testing.Tests.Identity;

/// <summary>The server's identity (ServerVersionInfo, Basic realm) is configurable, and gromox's can be emulated.</summary>
public sealed class ServerIdentityTests
{
    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Basic_realm_defaults_to_the_request_host()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Headers.WwwAuthenticate.Single().ToString().Should().Be("Basic realm=\"127.0.0.1\"");
    }

    [Fact]
    public async Task Configured_basic_realm_is_sent_in_the_challenge()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.Authentication = FakeEwsAuthenticationMode.Basic;
            o.BasicRealm = "mail.contoso.com";
        });

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Single().ToString().Should().Be("Basic realm=\"mail.contoso.com\"");
    }

    [Fact]
    public async Task Gromox_emulation_challenges_with_its_realm_and_reports_its_version()
    {
        var options = FakeEwsServerOptions.EmulateGromox();
        options.DisableSchemaValidation = true;
        options.Users.Add(new FakeEwsUser("svc@example.com", "Service", "svc", "pw"));
        await using var server = await FakeEwsServer.StartAsync(options);

        var challenge = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));
        var answer = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"), authorization: Basic("svc", "pw"));

        challenge.Status.Should().Be(HttpStatusCode.Unauthorized);
        challenge.Headers.WwwAuthenticate.Single().ToString().Should().Be("Basic realm=\"msrpc realm\"");
        answer.Status.Should().Be(HttpStatusCode.OK);
        var version = answer.Find("ServerVersionInfo")!;
        version.Attribute("MajorVersion")!.Value.Should().Be("15");
        version.Attribute("MinorVersion")!.Value.Should().Be("0");
        version.Attribute("MajorBuildNumber")!.Value.Should().Be("847");
        version.Attribute("MinorBuildNumber")!.Value.Should().Be("4040");
        version.Attribute("Version")!.Value.Should().Be("V2017_07_11");
    }

    [Fact]
    public async Task Gromox_emulation_refuses_chunked_bodies_and_accepts_its_advertised_version()
    {
        var options = FakeEwsServerOptions.EmulateGromox();
        options.DisableSchemaValidation = true;
        options.Users.Add(new FakeEwsUser("svc@example.com", "Service", "svc", "pw"));
        await using var server = await FakeEwsServer.StartAsync(options);

        var chunked = await server.SendAsync(new ChunkedContent(Encoding.UTF8.GetBytes(Soap.GetFolder("IdOnly", "inbox"))), authorization: Basic("svc", "pw"));
        var sent = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "V2017_07_11"), authorization: Basic("svc", "pw"));

        ((int)chunked.Status).Should().Be(411);
        sent.ResponseCode.Should().Be("NoError");
        server.SentMessages.Should().ContainSingle().Which.RequestServerVersion.Should().Be("V2017_07_11");
    }
}
