using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Versions over real HTTP against the bundled server: the check's recommended version and warnings, the version
/// advice of ErrorInvalidServerVersion, and AllowVersionFallback's one remembered step-down.</summary>
public class VersionDiscoveryTests
{
    private static readonly FakeEwsServerVersionInfo Exchange2010Sp3 = new(14, 3, 123, 4, "V2_5");

    private static Task<FakeEwsServer> Exchange2010Async(bool headerOnFault = true) => ServerFixture.StartAsync(o =>
    {
        o.EmulatedVersion = "Exchange2010_SP2";
        o.ServerVersionInfo = Exchange2010Sp3;
        o.VersionFaultCarriesServerVersionInfo = headerOnFault;
    });

    private static (FakeLogCollector Logs, ILoggerFactory Factory) Logs()
    {
        var logs = new FakeLogCollector();
        return (logs, LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs))));
    }

    [SkippableFact]
    public async Task The_check_reports_the_best_version_for_the_server_and_no_warning_when_the_setting_matches()
    {
        await using var server = await Exchange2010Async();
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP2);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.ServerVersion.Should().Be(new ExchangeServerVersionInfo(14, 3, 123, 4, "V2_5"));
        check.RecommendedVersion.Should().Be(ExchangeVersion.Exchange2010_SP2);
        check.RequestedVersion.Should().Be(ExchangeVersion.Exchange2010_SP2);
        check.Warnings.Should().BeEmpty();
        check.ToString().Should().Contain("best for the server Exchange2010_SP2");
    }

    [SkippableFact]
    public async Task A_configured_version_newer_than_the_server_reports_is_warned_about_with_the_value_to_set()
    {
        // gromox's header; the server accepts any version (gromox ignores RequestServerVersion), so only the check can tell.
        await using var server = await ServerFixture.StartAsync(o =>
        {
            o.ServerVersionInfo = new FakeEwsServerVersionInfo(15, 0, 847, 4040, "V2017_07_11");
            o.EmulatedVersion = "V2018_01_08";
        });
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.V2018_01_08);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.RecommendedVersion.Should().Be(ExchangeVersion.V2017_07_11);
        var warning = check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.VersionNewerThanServer).Subject;
        warning.Field.Should().Be("Version");
        warning.Message.Should().Contain("Version V2018_01_08 is newer than the server supports").And.Contain("15.0.847.4040")
            .And.EndWith("Set Version to V2017_07_11.");
    }

    [SkippableFact]
    public async Task A_version_before_Exchange2010_SP2_on_a_newer_server_is_warned_about_for_attachments()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = new FakeEwsServerVersionInfo(15, 1, 2507, 6, "V2_23"));
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.RecommendedVersion.Should().Be(ExchangeVersion.Exchange2016);
        var warning = check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.VersionWithoutAttachmentsInCreateItem).Subject;
        warning.Message.Should().Contain("Version Exchange2010_SP1 is older than Exchange2010_SP2")
            .And.Contain("CreateItem SaveOnly + CreateAttachment + SendItem").And.EndWith("Set Version to Exchange2016.");
        check.Warnings.Should().NotContain(w => w.Code == ExchangeSendWarning.VersionNewerThanServer);
    }

    [SkippableFact]
    public async Task ErrorInvalidServerVersion_names_the_reported_version_and_the_value_to_set()
    {
        await using var server = await Exchange2010Async();
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2016);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorInvalidServerVersion);
        error.IsSoapFault.Should().BeTrue();
        error.ServerVersion.Should().Be(new ExchangeServerVersionInfo(14, 3, 123, 4, "V2_5"));
        error.Message.Should().Contain("The server reports ServerVersionInfo 14.3.123.4 (V2_5), for which the best Version is Exchange2010_SP2; "
            + "the connection sent Exchange2016: set Version to Exchange2010_SP2.");
        server.Requests.Should().ContainSingle("without AllowVersionFallback nothing is resent");
        server.SentMessages.Should().BeEmpty();

        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Version);
        check.FailureReason.Should().Contain("set Version to Exchange2010_SP2");
        check.RecommendedVersion.Should().Be(ExchangeVersion.Exchange2010_SP2);
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender).Status.Should().Be(ExchangeConnectionCheckStatus.Skipped);
    }

    [SkippableFact]
    public async Task ErrorInvalidServerVersion_without_a_header_names_the_next_lower_value()
    {
        await using var server = await Exchange2010Async(headerOnFault: false);
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2016);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ServerVersion.Should().BeNull();
        error.Message.Should().Contain("The server sent no ServerVersionInfo; the connection sent Exchange2016: set Version to Exchange2013_SP1 or older");
    }

    [SkippableFact]
    public async Task The_fallback_steps_down_once_to_the_mapped_version_logs_it_and_remembers_it()
    {
        await using var server = await Exchange2010Async();
        var (logs, factory) = Logs();
        using var _ = factory;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.Version = ExchangeVersion.Exchange2016;
            o.AllowVersionFallback = true;
        }, factory);

        var first = await sender.SendAsync(TestOptions.Message());
        first.InternetMessageId.Should().NotBeNullOrEmpty();
        server.Requests.Select(r => (r.Operation, r.RequestServerVersion, r.HttpStatus)).Should().Equal(
            ("CreateItem", "Exchange2016", 500), ("CreateItem", "Exchange2010_SP2", 200));

        await sender.SendAsync(TestOptions.Message());
        server.Requests.Skip(2).Select(r => (r.Operation, r.RequestServerVersion)).Should().Equal([("CreateItem", "Exchange2010_SP2")],
            "the stepped-down version is remembered for the connection");
        server.SentMessages.Should().HaveCount(2, "the refused request was not processed, so resending it sent one message");

        var stepped = logs.GetSnapshot().Where(r => r.Id.Id == 1460).Should().ContainSingle().Subject;
        stepped.Level.Should().Be(LogLevel.Warning);
        stepped.Message.Should().Contain("refused RequestServerVersion Exchange2016").And.Contain("server 14.3.123.4 (V2_5)")
            .And.Contain("steps the connection down once to Exchange2010_SP2");

        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.RequestedVersion.Should().Be(ExchangeVersion.Exchange2010_SP2);
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Version).Detail.Should()
            .Be("The server accepts RequestServerVersion Exchange2010_SP2 (it refused Exchange2016; AllowVersionFallback stepped the connection down).");
        check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.VersionSteppedDown).Which.Message.Should()
            .Contain("The server refused Version Exchange2016").And.EndWith("Set Version to Exchange2010_SP2.");
    }

    [SkippableFact]
    public async Task The_fallback_never_steps_down_twice()
    {
        // No header on the fault: the step goes to the next lower documented value, Exchange2013_SP1, which this server
        // (Exchange2013) refuses too.
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2013");
        var (logs, factory) = Logs();
        using var _ = factory;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.Version = ExchangeVersion.Exchange2016;
            o.AllowVersionFallback = true;
        }, factory);

        var send = () => sender.SendAsync(TestOptions.Message());
        (await send.Should().ThrowAsync<ExchangeServiceException>()).Which.ResponseCode.Should().Be(ExchangeResponseCode.ErrorInvalidServerVersion);
        server.Requests.Select(r => r.RequestServerVersion).Should().Equal("Exchange2016", "Exchange2013_SP1");

        (await send.Should().ThrowAsync<ExchangeServiceException>()).Which.Message.Should().Contain("the connection sent Exchange2013_SP1: set Version to Exchange2013 or older");
        server.Requests.Skip(2).Select(r => r.RequestServerVersion).Should().Equal(["Exchange2013_SP1"], "a connection steps down at most once");
        logs.GetSnapshot().Count(r => r.Id.Id == 1460).Should().Be(1);
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Concurrent_sends_step_the_connection_down_once()
    {
        await using var server = await Exchange2010Async();
        var (logs, factory) = Logs();
        using var _ = factory;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.Version = ExchangeVersion.Exchange2016;
            o.AllowVersionFallback = true;
        }, factory);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sender.SendAsync(TestOptions.Message())));
        server.SentMessages.Should().HaveCount(8);
        logs.GetSnapshot().Count(r => r.Id.Id == 1460).Should().Be(1);
        server.Requests.Count(r => r.RequestServerVersion == "Exchange2016").Should().BeInRange(1, 8);
        server.Requests.Count(r => r.RequestServerVersion == "Exchange2010_SP2").Should().Be(8);
    }

    [SkippableFact]
    public async Task The_fallback_does_not_act_on_a_response_message_with_a_version_code()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorInvalidSchemaVersionForMailboxVersion", "mailbox on an older server"), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.AllowVersionFallback = true);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.Message.Should().Contain("The mailbox is on a server older than the one that answered")
            .And.Contain("The server reports ServerVersionInfo 15.1.2507.6 (V2017_07_11)").And.Contain("but the mailbox is on an older server")
            .And.Contain("the connection sent Exchange2013_SP1: set Version to Exchange2013 or older.");
        server.Requests.Should().ContainSingle();
    }
}
