using System.Net;
using Exchange.Sending.WindowsAuth.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.WindowsAuth.Tests;

/// <summary>How the strategy reads the admin form's fields; no KDC needed (NTLM credentials are handed out without I/O).</summary>
public class WindowsAuthenticationStrategyTests
{
    private static readonly Uri Endpoint = new("https://mail.example.com/EWS/Exchange.asmx");

    [Theory]
    [InlineData("alice", "CONTOSO", "alice", "CONTOSO")]
    [InlineData(@"CONTOSO\alice", null, "alice", "CONTOSO")]
    [InlineData(@"CONTOSO\alice", "IGNORED", "alice", "CONTOSO")]
    [InlineData("alice@contoso.com", null, "alice", "contoso.com")]
    [InlineData("  alice  ", " contoso ", "alice", "contoso")]
    [InlineData("alice", null, "alice", "")]
    public void Ntlm_credentials_split_the_user_name_themselves(string userName, string? domain, string expectedUser, string expectedDomain)
    {
        var credential = NtlmCredential(new WindowsAuthenticationStrategy(userName, "pw", domain, ExchangeWindowsAuthenticationMode.NtlmOnly));
        credential.Should().NotBeNull();
        credential!.UserName.Should().Be(expectedUser);
        credential.Domain.Should().Be(expectedDomain, "the managed NTLM client does not understand DOMAIN\\user, and NTLM servers may compare the domain exactly");
        credential.Password.Should().Be("pw");
    }

    [Fact]
    public void Ntlm_only_never_offers_credentials_to_negotiate_basic_or_digest()
    {
        var credentials = Configure(new WindowsAuthenticationStrategy("alice", "pw", "CONTOSO", ExchangeWindowsAuthenticationMode.NtlmOnly));
        credentials.GetCredential(Endpoint, "Negotiate").Should().BeNull();
        credentials.GetCredential(Endpoint, "Basic").Should().BeNull("a Windows password must never travel as Basic");
        credentials.GetCredential(Endpoint, "Digest").Should().BeNull();
    }

    [Fact]
    public void Kerberos_only_never_offers_ntlm()
    {
        var credentials = Configure(new WindowsAuthenticationStrategy("alice", "pw", "CONTOSO", ExchangeWindowsAuthenticationMode.KerberosOnly));
        credentials.GetCredential(Endpoint, "NTLM").Should().BeNull();
    }

    [Fact]
    public void Default_credentials_are_not_offered_to_ntlm_outside_windows()
    {
        Skip.If(OperatingSystem.IsWindows(), "On Windows NTLM can use the logged-on user.");
        var credentials = Configure(new WindowsAuthenticationStrategy(null, null, null, ExchangeWindowsAuthenticationMode.NtlmOnly));
        credentials.GetCredential(Endpoint, "NTLM").Should().BeNull();
    }

    [Fact]
    public void The_strategy_asks_for_rewritable_content_and_never_shows_the_password()
    {
        var strategy = new WindowsAuthenticationStrategy(@"CONTOSO\alice", "S3cret-Value!", null);
        strategy.UsesChallengeResponse.Should().BeTrue();
        strategy.ToString().Should().Be(@"Windows (NegotiateThenNtlm, user CONTOSO\alice)").And.NotContain("S3cret");
        new WindowsAuthenticationStrategy(null, null, null).ToString().Should().Contain("default credentials");
    }

    [Fact]
    public void The_handler_gets_credentials_and_no_pre_authentication()
    {
        using var handler = new SocketsHttpHandler { PreAuthenticate = true };
        new WindowsAuthenticationStrategy("alice", "pw", "CONTOSO").ConfigureHandler(handler);
        handler.Credentials.Should().NotBeNull();
        handler.PreAuthenticate.Should().BeFalse();
    }

    [Fact]
    public async Task A_server_offering_only_basic_is_explained()
    {
        var strategy = new WindowsAuthenticationStrategy("alice", "S3cret-Value!", "CONTOSO");
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ParseAdd("Basic realm=\"mail.example.com\"");
        var report = await strategy.DescribeAsync(Endpoint, response, default);
        report.Succeeded.Should().BeFalse();
        report.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.NoUsableScheme);
        report.OfferedSchemes.Should().Equal("Basic");
        report.Message.Should().Contain("The server offers Basic").And.Contain("AuthenticationType to Basic").And.NotContain("S3cret");
    }

    private static ICredentials Configure(WindowsAuthenticationStrategy strategy)
    {
        var handler = new SocketsHttpHandler();
        strategy.ConfigureHandler(handler);
        return handler.Credentials!;
    }

    private static NetworkCredential? NtlmCredential(WindowsAuthenticationStrategy strategy) => Configure(strategy).GetCredential(Endpoint, "NTLM");
}

public class ClientModeTests
{
    [Fact]
    public void The_requested_ntlm_client_is_the_one_in_use()
    {
        var implementation = ClientMode.NtlmImplementation();
        if (ClientMode.ManagedRequested)
        {
            WindowsAuthenticationStrategy.UsesManagedNtlm.Should().BeTrue();
            implementation.Should().Contain("Managed", $"{ClientMode.Variable}=managed must switch this process to managed NTLM");
        }
        else
        {
            WindowsAuthenticationStrategy.UsesManagedNtlm.Should().BeFalse();
            implementation.Should().NotContain("Managed", "without the switch the runtime uses GSSAPI (gss-ntlmssp)");
        }
    }
}
