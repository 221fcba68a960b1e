using System.Net;
using Exchange.Sending.Testing;
using Exchange.Sending.WindowsAuth.Tests.Support;
using FluentAssertions;
using Xunit.Abstractions;

namespace Exchange.Sending.WindowsAuth.Tests;

/// <summary>The bundled server's Windows authentication, driven by a plain HttpClient (independent of our client).</summary>
public class NegotiateAuthenticatorTests(ITestOutputHelper output)
{
    private const string GetFolder = """
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
          <soap:Header><t:RequestServerVersion Version="Exchange2013_SP1" /></soap:Header>
          <soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="sentitems" /></m:FolderIds></m:GetFolder></soap:Body>
        </soap:Envelope>
        """;

    [SkippableFact]
    public async Task Ntlm_authenticates_once_per_connection_and_keeps_the_user_on_it()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var client = Client(host, "NTLM", new NetworkCredential(WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, WindowsAuthEnvironment.NtlmDomain));

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync(host.EndpointUri, Soap(GetFolder));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        host.Authenticator.Statistics.HandshakesCompleted.Should().Be(1);
        host.Server.Counters.Unauthorized401.Should().Be(2, "NTLM: anonymous request → 401, negotiate → 401 with the challenge, authenticate → 200");
        host.Server.Counters.Connections.Should().Be(1);
        var user = host.Authenticator.AuthenticatedUsers.Should().ContainSingle().Subject;
        user.Name.Should().Be($@"{WindowsAuthEnvironment.NtlmDomain}\{WindowsAuthEnvironment.User}");
        user.Package.Should().Be("NTLM");
        user.Scheme.Should().Be("NTLM");
        host.Server.Requests.Where(r => r.HttpStatus == 200).Should().OnlyContain(r => r.AuthenticationPackage == "NTLM");
    }

    [SkippableFact]
    public async Task Kerberos_through_negotiate_is_verified_against_the_keytab()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var client = Client(host, "Negotiate", new NetworkCredential(WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, WindowsAuthEnvironment.Realm));

        using var response = await client.PostAsync(host.EndpointUri, Soap(GetFolder));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var user = host.Authenticator.AuthenticatedUsers.Should().ContainSingle().Subject;
        user.Name.Should().Be($"{WindowsAuthEnvironment.User}@{WindowsAuthEnvironment.Realm}");
        user.Package.Should().Be("Kerberos");
        host.Server.Counters.Unauthorized401.Should().Be(1, "Kerberos: anonymous request → 401, AP-REQ → 200");
    }

    [SkippableFact]
    public async Task A_wrong_password_is_refused_after_the_handshake()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var client = Client(host, "NTLM", new NetworkCredential(WindowsAuthEnvironment.User, "not-the-password", WindowsAuthEnvironment.NtlmDomain));

        using var response = await client.PostAsync(host.EndpointUri, Soap(GetFolder));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Equal("Negotiate", "NTLM");
        host.Authenticator.Statistics.HandshakesFailed.Should().Be(1);
        host.Authenticator.LastFailure.Should().NotBeNullOrEmpty();
        host.Server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Without_persistence_every_request_needs_its_own_handshake()
    {
        await using var host = await WindowsAuthServer.StartAsync(new NegotiateAuthenticatorOptions { PersistAuthenticationOnConnection = false });
        using var client = Client(host, "NTLM", new NetworkCredential(WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, WindowsAuthEnvironment.NtlmDomain));

        for (var i = 0; i < 2; i++)
        {
            using var response = await client.PostAsync(host.EndpointUri, Soap(GetFolder));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        host.Authenticator.Statistics.HandshakesCompleted.Should().Be(2);
        host.Server.Counters.Unauthorized401.Should().Be(4);
    }

    [SkippableFact]
    public async Task Without_a_small_request_first_a_large_body_crosses_the_wire_three_times_over_ntlm()
    {
        // Why the library authenticates a connection with a small GetFolder before a large upload.
        await using var host = await WindowsAuthServer.StartAsync();
        using var client = Client(host, "NTLM", new NetworkCredential(WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, WindowsAuthEnvironment.NtlmDomain));
        var body = new byte[4 * 1024 * 1024];

        using var response = await client.PostAsync(host.EndpointUri, new ByteArrayContent(body));

        output.WriteLine($"4 MiB POST over NTLM without pre-authentication: {host.Server.Counters.BodyBytesReceived} body bytes received");
        host.Server.Counters.BodyBytesReceived.Should().Be(3L * body.Length);
    }

    private static HttpClient Client(WindowsAuthServer host, string scheme, NetworkCredential credential)
    {
        var cache = new CredentialCache { { new Uri(host.EndpointUri.GetLeftPart(UriPartial.Authority)), scheme, credential } };
        return new HttpClient(new SocketsHttpHandler { Credentials = cache }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static StringContent Soap(string xml) => new(xml, System.Text.Encoding.UTF8, "text/xml");
}
