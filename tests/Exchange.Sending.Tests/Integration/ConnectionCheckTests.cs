using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

public class ConnectionCheckTests
{
    [SkippableFact]
    public async Task A_working_connection_passes_every_step_and_reports_the_server_version()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.Steps.Select(s => s.Step).Should().Equal(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStep.Endpoint,
            ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStep.Mailbox, ExchangeConnectionCheckStep.Sender);
        check.ServerVersion.Should().Be(new ExchangeServerVersionInfo(15, 1, 2507, 6, "V2017_07_11"));
        check.RecommendedVersion.Should().Be(ExchangeVersion.V2017_07_11, "the header's Version attribute names a value");
        server.Requests.Single().Operation.Should().Be("GetFolder");
    }

    [SkippableFact]
    public async Task Wrong_credentials_fail_the_authentication_step()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = "sender";
            o.Password = "nope-nope";
        });
        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Authentication);
        check.OfferedAuthenticationSchemes.Should().Contain("Basic");
        check.ToString().Should().NotContain("nope-nope");
    }

    [SkippableFact]
    public async Task A_version_the_server_does_not_know_fails_the_version_step()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP2");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2013_SP1);
        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Version);
        check.FailureReason.Should().Contain("ErrorInvalidServerVersion");
    }

    [SkippableFact]
    public async Task A_missing_mailbox_fails_the_mailbox_step()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorMissingEmailAddress", "no mailbox"), "GetFolder");
        using var sender = ServerFixture.Sender(server);
        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Mailbox);
        check.FailureReason.Should().Contain("ErrorMissingEmailAddress").And.Contain("use an account with a mailbox");
    }

    [SkippableFact]
    public async Task A_web_page_fails_the_endpoint_step()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HtmlPage());
        using var sender = ServerFixture.Sender(server);
        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Endpoint);
        check.Steps.Skip(2).Should().OnlyContain(s => s.Status == ExchangeConnectionCheckStatus.Skipped);
    }

    [SkippableFact]
    public async Task A_disabled_connection_reports_it_and_sends_nothing()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.Disabled = true);

        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Enabled);
        var send = () => sender.SendAsync(TestOptions.Message());
        (await send.Should().ThrowAsync<ExchangeConnectionDisabledException>()).Which.Message
            .Should().Be("Exchange connection 'loopback' is disabled, so nothing was sent. Set Disabled to false in its settings to send through it.");
        server.Counters.Requests.Should().Be(0);
        server.Counters.Connections.Should().Be(0);
    }
}
