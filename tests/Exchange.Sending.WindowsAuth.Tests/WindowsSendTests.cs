using System.Diagnostics;
using System.Net;
using Exchange.Sending.Testing;
using Exchange.Sending.WindowsAuth.Tests.Support;
using FluentAssertions;
using Xunit.Abstractions;

namespace Exchange.Sending.WindowsAuth.Tests;

/// <summary>Real messages through our client to the bundled server, which verifies the credentials with a real KDC and
/// gss-ntlmssp. Runs once per NTLM client (GSSAPI, managed): see Support/ClientMode.cs.</summary>
public class WindowsSendTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FailureBound = TimeSpan.FromSeconds(2);

    [SkippableFact]
    public async Task Ntlm_with_explicit_credentials_sends_a_message()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var sender = host.Sender(o => Account(o, WindowsAuthEnvironment.User, WindowsAuthEnvironment.NtlmDomain, ExchangeWindowsAuthenticationMode.NtlmOnly));

        await sender.SendAsync(WindowsAuthServer.Message("ntlm explicit"));

        await AssertDelivered(host, "ntlm explicit", $@"{WindowsAuthEnvironment.NtlmDomain}\{WindowsAuthEnvironment.User}", "NTLM");
    }

    [SkippableFact]
    public async Task Ntlm_with_domain_backslash_user_in_the_user_name_sends_a_message()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var sender = host.Sender(o => Account(o, $@"{WindowsAuthEnvironment.NtlmDomain}\{WindowsAuthEnvironment.User}", null, ExchangeWindowsAuthenticationMode.NtlmOnly));

        await sender.SendAsync(WindowsAuthServer.Message("ntlm domain backslash user"));

        await AssertDelivered(host, "ntlm domain backslash user", $@"{WindowsAuthEnvironment.NtlmDomain}\{WindowsAuthEnvironment.User}", "NTLM");
    }

    [SkippableFact]
    public async Task Kerberos_with_explicit_credentials_sends_a_message()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        // The domain typed in lower case: the realm is its upper-case form.
        using var sender = host.Sender(o => Account(o, WindowsAuthEnvironment.User, WindowsAuthEnvironment.Realm.ToLowerInvariant(), ExchangeWindowsAuthenticationMode.KerberosOnly));

        await sender.SendAsync(WindowsAuthServer.Message("kerberos explicit"));

        await AssertDelivered(host, "kerberos explicit", $"{WindowsAuthEnvironment.User}@{WindowsAuthEnvironment.Realm}", "Kerberos");
    }

    [SkippableFact]
    public async Task Negotiate_then_ntlm_uses_kerberos_for_a_realm_and_ntlm_for_a_netbios_domain()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using (var kerberos = host.Sender(o => Account(o, $"{WindowsAuthEnvironment.User}@{WindowsAuthEnvironment.Realm.ToLowerInvariant()}", null, ExchangeWindowsAuthenticationMode.NegotiateThenNtlm)))
        {
            await kerberos.SendAsync(WindowsAuthServer.Message("negotiate: kerberos"));
        }

        using (var ntlm = host.Sender(o => Account(o, WindowsAuthEnvironment.User, WindowsAuthEnvironment.NtlmDomain, ExchangeWindowsAuthenticationMode.NegotiateThenNtlm)))
        {
            // No realm called EXCHANGE: no Kerberos ticket, so the NTLM scheme (never NTLM credentials under Negotiate).
            await ntlm.SendAsync(WindowsAuthServer.Message("negotiate: ntlm"));
        }

        host.Authenticator.AuthenticatedUsers.Select(u => (u.Package, u.Scheme)).Should().Equal(("Kerberos", "Negotiate"), ("NTLM", "NTLM"));
        host.Server.SentMessages.Should().HaveCount(2);
    }

    [SkippableFact]
    public async Task Kerberos_with_default_credentials_needs_a_ticket_and_works_after_kinit()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        await WindowsAuthEnvironment.RunAsync("kdestroy", "-q");

        var withoutTicket = new WindowsAuthenticationStrategy(null, null, null, ExchangeWindowsAuthenticationMode.KerberosOnly);
        using (var sender = host.Sender(o => o.AuthenticationStrategy = withoutTicket))
        {
            var stopwatch = Stopwatch.StartNew();
            var send = () => sender.SendAsync(WindowsAuthServer.Message("no ticket"));
            await send.Should().ThrowAsync<ExchangeAuthenticationException>();
            stopwatch.Elapsed.Should().BeLessThan(FailureBound);
            var report = await Describe401(withoutTicket, host);
            report.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.NoDefaultCredentials);
            report.Message.Should().Contain("run kinit");
        }

        var kinit = await WindowsAuthEnvironment.RunAsync("kinit", $"{WindowsAuthEnvironment.User}@{WindowsAuthEnvironment.Realm}", WindowsAuthEnvironment.Password);
        kinit.ExitCode.Should().Be(0, kinit.Output);
        try
        {
            var strategy = new WindowsAuthenticationStrategy(null, null, null, ExchangeWindowsAuthenticationMode.KerberosOnly);
            using var sender = host.Sender(o => o.AuthenticationStrategy = strategy);
            await sender.SendAsync(WindowsAuthServer.Message("kerberos default credentials"));
            await AssertDelivered(host, "kerberos default credentials", $"{WindowsAuthEnvironment.User}@{WindowsAuthEnvironment.Realm}", "Kerberos");
            using var ok = new HttpResponseMessage(HttpStatusCode.OK);
            var report = await strategy.DescribeAsync(host.EndpointUri, ok, default);
            report.Should().BeEquivalentTo(new { Succeeded = true, Scheme = "Negotiate", Package = "Kerberos" });
        }
        finally
        {
            await WindowsAuthEnvironment.RunAsync("kdestroy", "-q");
        }
    }

    [SkippableTheory]
    [InlineData("wrong password")]
    [InlineData("unknown user")]
    [InlineData("wrong domain")]
    public async Task Rejected_ntlm_credentials_fail_fast_with_a_clear_error(string @case)
    {
        await using var host = await WindowsAuthServer.StartAsync();
        var (user, password, domain) = @case switch
        {
            "wrong password" => (WindowsAuthEnvironment.User, "Wr0ng-Secret-Value", WindowsAuthEnvironment.NtlmDomain),
            "unknown user" => ("mallory", WindowsAuthEnvironment.Password, WindowsAuthEnvironment.NtlmDomain),
            _ => (WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, "NOSUCHDOMAIN"),
        };
        var strategy = new WindowsAuthenticationStrategy(user, password, domain, ExchangeWindowsAuthenticationMode.NtlmOnly);
        using var sender = host.Sender(o => o.AuthenticationStrategy = strategy);

        var stopwatch = Stopwatch.StartNew();
        var send = () => sender.SendAsync(WindowsAuthServer.Message(@case));
        var error = (await send.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        stopwatch.Elapsed.Should().BeLessThan(FailureBound);

        error.HttpStatus.Should().Be(401);
        error.OfferedSchemes.Should().Contain("NTLM");
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.CredentialsRejected);
        error.Message.Should().Contain($@"refused the NTLM credentials of {domain}\{user}").And.NotContain(password);
        error.ToString().Should().NotContain(password);
        host.Authenticator.Statistics.HandshakesFailed.Should().Be(1, "the server refused after a complete handshake");
        host.Server.SentMessages.Should().BeEmpty();

        var report = await Describe401(strategy, host);
        report.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.CredentialsRejected);
        report.Message.Should().Contain($@"refused the NTLM credentials of {domain}\{user}").And.NotContain(password);
        output.WriteLine(report.Message);
    }

    [SkippableTheory]
    [InlineData("kdc down")]
    [InlineData("wrong password")]
    public async Task Kerberos_without_a_ticket_granting_ticket_fails_fast_with_a_clear_error(string @case)
    {
        await using var host = await WindowsAuthServer.StartAsync();
        // "kdc down": a realm whose KDC address has nothing listening (the real KDC keeps serving the other tests).
        var (password, realm) = @case == "kdc down"
            ? (WindowsAuthEnvironment.Password, WindowsAuthEnvironment.OfflineRealm)
            : ("Wr0ng-Secret-Value", WindowsAuthEnvironment.Realm);
        var strategy = new WindowsAuthenticationStrategy(WindowsAuthEnvironment.User, password, realm, ExchangeWindowsAuthenticationMode.KerberosOnly);
        using var sender = host.Sender(o => o.AuthenticationStrategy = strategy);

        var stopwatch = Stopwatch.StartNew();
        var send = () => sender.SendAsync(WindowsAuthServer.Message(@case));
        var error = (await send.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        stopwatch.Elapsed.Should().BeLessThan(FailureBound);
        error.ToString().Should().NotContain(password);
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.KerberosUnavailable);
        error.Message.Should().Contain($"ticket-granting ticket for {WindowsAuthEnvironment.User}@{realm}");
        host.Server.SentMessages.Should().BeEmpty();

        var report = await Describe401(strategy, host);
        report.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.KerberosUnavailable);
        report.Message.Should().Contain($"ticket-granting ticket for {WindowsAuthEnvironment.User}@{realm}").And.Contain($"KDC of realm {realm}");
        output.WriteLine(report.Message);
    }

    [SkippableFact]
    public async Task Kerberos_to_an_address_without_a_service_principal_is_an_spn_mismatch()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        var strategy = new WindowsAuthenticationStrategy(WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, WindowsAuthEnvironment.Realm, ExchangeWindowsAuthenticationMode.KerberosOnly);
        var options = host.Options(o => o.AuthenticationStrategy = strategy);
        options.ServerUrl = $"127.0.0.1:{host.Server.Port}";   // the keytab holds HTTP/localhost only
        using var sender = new ExchangeMailSender(options);

        var send = () => sender.SendAsync(WindowsAuthServer.Message("spn"));
        var error = (await send.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.KerberosServiceUnknown);
        error.Message.Should().Contain("HTTP/127.0.0.1");

        using var unauthorized = Unauthorized("Negotiate", "NTLM");
        var report = await strategy.DescribeAsync(new Uri($"http://127.0.0.1:{host.Server.Port}/EWS/Exchange.asmx"), unauthorized, default);
        report.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.KerberosServiceUnknown);
        report.Message.Should().Contain("HTTP/127.0.0.1");
    }

    [SkippableFact]
    public async Task A_server_offering_only_ntlm_to_a_kerberos_only_connection_lists_what_it_offered()
    {
        await using var host = await WindowsAuthServer.StartAsync(new NegotiateAuthenticatorOptions { OfferedSchemes = NegotiateSchemes.Ntlm });
        var strategy = new WindowsAuthenticationStrategy(WindowsAuthEnvironment.User, WindowsAuthEnvironment.Password, WindowsAuthEnvironment.Realm, ExchangeWindowsAuthenticationMode.KerberosOnly);
        using var sender = host.Sender(o => o.AuthenticationStrategy = strategy);

        var send = () => sender.SendAsync(WindowsAuthServer.Message("ntlm only server"));
        var error = (await send.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.OfferedSchemes.Should().Equal("NTLM");
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.NoUsableScheme);
        error.Message.Should().Contain("The server offers NTLM");

        using var unauthorized = Unauthorized("NTLM");
        var report = await strategy.DescribeAsync(host.EndpointUri, unauthorized, default);
        report.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.NoUsableScheme);
        report.Message.Should().Contain("The server offers NTLM").And.Contain("NegotiateThenNtlm or NtlmOnly");
    }

    [SkippableFact]
    public async Task Ten_sends_need_one_handshake_per_connection()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var sender = host.Sender(o => Account(o, WindowsAuthEnvironment.User, WindowsAuthEnvironment.NtlmDomain, ExchangeWindowsAuthenticationMode.NtlmOnly));

        for (var i = 0; i < 10; i++)
        {
            await sender.SendAsync(WindowsAuthServer.Message($"message {i}"));
        }

        host.Server.SentMessages.Should().HaveCount(10);
        var connections = host.Authenticator.Connections;
        connections.Should().OnlyContain(c => c.HandshakesCompleted == 1);
        host.Authenticator.Statistics.HandshakesCompleted.Should().Be((int)host.Server.Counters.Connections);
        host.Server.Counters.Unauthorized401.Should().Be(2 * host.Server.Counters.Connections);
        output.WriteLine($"10 sends: {host.Server.Counters.Requests} requests, {host.Server.Counters.Connections} connection(s), "
            + $"{host.Authenticator.Statistics.HandshakesCompleted} handshake(s), {host.Server.Counters.Unauthorized401} 401s");
    }

    [SkippableFact]
    public async Task A_20_MB_attachment_crosses_the_wire_once_over_ntlm()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var sender = host.Sender(o => Account(o, WindowsAuthEnvironment.User, WindowsAuthEnvironment.NtlmDomain, ExchangeWindowsAuthenticationMode.NtlmOnly));
        var content = new byte[20 * 1024 * 1024];
        new Random(42).NextBytes(content);

        var result = await sender.SendAsync(WindowsAuthServer.Message("20 MB", m => m.Attachments.Add(ExchangeAttachment.FromBytes("big.bin", content, "application/octet-stream"))));

        var createItems = host.Server.Requests.Where(r => r.BodyBytes > content.Length).ToList();
        createItems.Should().ContainSingle("the 20 MB body must be uploaded once, after the connection authenticated with a small request");
        var total = host.Server.Counters.BodyBytesReceived;
        total.Should().BeLessThan(createItems[0].BodyBytes + 64 * 1024);
        output.WriteLine($"20 MiB attachment over NTLM ({(WindowsAuthenticationStrategy.UsesManagedNtlm ? "managed" : "GSSAPI")} client): "
            + $"{total} request body bytes received in {host.Server.Counters.Requests} requests ({host.Server.Counters.Unauthorized401} × 401); "
            + $"CreateItem body {createItems[0].BodyBytes} bytes; client reported {result.RequestBytes} bytes");
        (await host.Server.WaitForMessageAsync(TimeSpan.FromSeconds(10))).Subject.Should().Be("20 MB");
    }

    private static void Account(ExchangeConnectionOptions options, string user, string? domain, ExchangeWindowsAuthenticationMode mode)
    {
        options.UserName = user;
        options.Password = WindowsAuthEnvironment.Password;
        options.Domain = domain;
        options.WindowsAuthenticationMode = mode;
    }

    private static async Task AssertDelivered(WindowsAuthServer host, string subject, string identity, string package)
    {
        var message = await host.Server.WaitForMessageAsync(TimeSpan.FromSeconds(10));
        message.Subject.Should().Be(subject);
        message.AuthenticatedUser.Should().Be(WindowsAuthServer.MailboxAddress);
        var user = host.Authenticator.AuthenticatedUsers[^1];
        user.Name.Should().Be(identity);
        user.Package.Should().Be(package);
    }

    /// <summary>What the strategy says about the server's 401 (the transport is to put this into its exception).</summary>
    private static ValueTask<ExchangeAuthenticationReport> Describe401(WindowsAuthenticationStrategy strategy, WindowsAuthServer host)
    {
        var offered = host.Server.Requests.Where(r => r.HttpStatus == 401).Any() ? host.Authenticator.Options.OfferedSchemes : NegotiateSchemes.NegotiateAndNtlm;
        var schemes = offered switch
        {
            NegotiateSchemes.Negotiate => new[] { "Negotiate" },
            NegotiateSchemes.Ntlm => new[] { "NTLM" },
            _ => new[] { "Negotiate", "NTLM" },
        };
        var response = Unauthorized(schemes);
        return strategy.DescribeAsync(host.EndpointUri, response, default);
    }

    private static HttpResponseMessage Unauthorized(params string[] schemes)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        foreach (var scheme in schemes)
        {
            response.Headers.WwwAuthenticate.ParseAdd(scheme);
        }

        return response;
    }
}
