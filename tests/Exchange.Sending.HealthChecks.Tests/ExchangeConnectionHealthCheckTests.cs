using Exchange.Sending.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Sending.HealthChecks.Tests;

public class ExchangeConnectionHealthCheckTests
{
    [SkippableFact]
    public async Task A_working_connection_is_healthy_and_says_what_it_checked()
    {
        await using var server = await HealthFixture.StartAsync();
        await using var services = HealthFixture.Services(HealthFixture.Connection(server), h => h.AddExchangeConnections());

        var entry = await HealthFixture.ProbeAsync(services);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Description.Should().Be("Exchange connection 'mail_main' passed every step (server 15.1.2507.6 (V2017_07_11)).");
        entry.Data["connection"].Should().Be("mail_main");
        entry.Data["endpoint"].Should().Be(server.EndpointUri.ToString());
        entry.Data["serverVersion"].Should().Be("15.1.2507.6 (V2017_07_11)");
        entry.Data["cached"].Should().Be(false);
        entry.Data.Should().NotContainKey("step").And.NotContainKey("warnings");
        server.Requests.Select(r => r.Operation).Should().Equal("GetFolder");
    }

    [SkippableFact]
    public async Task Basic_authentication_over_http_is_degraded()
    {
        await using var server = await HealthFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        await using var services = HealthFixture.Services(
            HealthFixture.Connection(server, more: [("AuthenticationType", "Basic"), ("UserName", HealthFixture.Account), ("Password", HealthFixture.Password)]),
            h => h.AddExchangeConnections());

        var entry = await HealthFixture.ProbeAsync(services);

        entry.Status.Should().Be(HealthStatus.Degraded, entry.Description);
        entry.Data["warnings"].Should().Be(ExchangeSendWarning.BasicAuthenticationOverHttp);
        entry.Description.Should().Contain("clear text");
        entry.Data["authentication"].Should().Be("Basic");
        entry.Data.Should().NotContainKey("step");
    }

    [SkippableFact]
    public async Task A_sender_address_other_than_the_account_is_degraded_as_send_as_unproven_unless_turned_off()
    {
        await using var server = await HealthFixture.StartAsync(o =>
        {
            o.Authentication = FakeEwsAuthenticationMode.Basic;
            o.Users.Add(new FakeEwsUser("svc-mailer@example.com", "Mailer service", UserName: null, Password: HealthFixture.Password));
        });
        var configuration = HealthFixture.Connection(server, more:
            [("AuthenticationType", "Basic"), ("UserName", "svc-mailer@example.com"), ("Password", HealthFixture.Password), ("SenderAddress", HealthFixture.AccountAddress)]);
        await using var services = HealthFixture.Services(configuration, h => h
            .AddExchangeConnection("mail_main")
            .AddExchangeConnection("mail_main", name: "trusted", configure: o => o.WarnWhenSenderDiffersFromAccount = false));

        var entry = await HealthFixture.ProbeAsync(services);
        var trusted = await HealthFixture.ProbeAsync(services, "trusted");

        entry.Status.Should().Be(HealthStatus.Degraded, entry.Description);
        entry.Data["warnings"].Should().Be("BasicAuthenticationOverHttp, SendAsUnproven");
        entry.Description.Should().Contain($"Send As (or Send on Behalf) on '{HealthFixture.AccountAddress}' must be granted to account 'svc-mailer@example.com'")
            .And.Contain("ErrorSendAsDenied");
        entry.Data["warnings"].ToString().Should().NotContain(ExchangeSendWarning.SendAsNotProven, "the check's warning is reported once, under the health check's code");
        trusted.Data["warnings"].Should().Be("BasicAuthenticationOverHttp");
        // Both registrations share one connection check.
        server.Requests.Count(r => r.Operation == "GetFolder").Should().Be(1);
    }

    [SkippableFact]
    public async Task A_wrong_password_is_unhealthy_at_the_authentication_step_and_no_secret_is_in_the_result()
    {
        const string wrong = "Wr0ng-Pa55-9f3c";
        await using var server = await HealthFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        await using var services = HealthFixture.Services(
            HealthFixture.Connection(server, more: [("AuthenticationType", "Basic"), ("UserName", HealthFixture.Account), ("Password", wrong)]),
            h => h.AddExchangeConnections());

        var entry = await HealthFixture.ProbeAsync(services);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["step"].Should().Be("Authentication");
        entry.Data["reason"].Should().BeOfType<string>().Which.Should().Contain("HTTP 401").And.Contain("account 'sender'");
        entry.Description.Should().StartWith("Exchange connection 'mail_main' failed at step Authentication: ");
        entry.Exception.Should().BeOfType<ExchangeAuthenticationException>();
        var everything = string.Join("\n", entry.Data.Values.Select(v => v.ToString())) + entry.Description + entry.Exception!.ToString();
        everything.Should().NotContain(wrong).And.NotContain(HealthFixture.Password);
    }

    [SkippableFact]
    public async Task A_failed_step_reports_the_registrations_failure_status()
    {
        await using var server = await HealthFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorMissingEmailAddress", "no mailbox"), "GetFolder");
        await using var services = HealthFixture.Services(HealthFixture.Connection(server), h => h.AddExchangeConnection("mail_main", failureStatus: HealthStatus.Degraded));

        var entry = await HealthFixture.ProbeAsync(services);

        entry.Status.Should().Be(HealthStatus.Degraded);
        entry.Data["step"].Should().Be("Mailbox");
        entry.Data["reason"].Should().BeOfType<string>().Which.Should().Contain("ErrorMissingEmailAddress");
    }

    [SkippableFact]
    public async Task Probes_within_the_minimum_interval_reuse_the_last_check_and_a_later_probe_checks_again()
    {
        await using var server = await HealthFixture.StartAsync();
        var clock = new ManualTimeProvider();
        await using var services = HealthFixture.Services(HealthFixture.Connection(server), h => h.AddExchangeConnections(), clock);

        var first = await HealthFixture.ProbeAsync(services);
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await HealthFixture.ProbeAsync(services);
        clock.Advance(TimeSpan.FromSeconds(19.9));
        var third = await HealthFixture.ProbeAsync(services);

        server.Counters.Requests.Should().Be(1, "probes 10 s and 29.9 s after a check fall within the default 30 s");
        second.Data["cached"].Should().Be(true);
        third.Data["checkedAt"].Should().Be(first.Data["checkedAt"]).And.Be("2026-12-02T12:00:00.0000000Z");
        third.Status.Should().Be(HealthStatus.Healthy);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        var fourth = await HealthFixture.ProbeAsync(services);

        server.Counters.Requests.Should().Be(2, "30 s after the last check the next probe checks again");
        fourth.Data["cached"].Should().Be(false);
        fourth.Data["checkedAt"].Should().Be("2026-12-02T12:00:30.0000000Z");
    }

    [SkippableFact]
    public async Task A_failed_check_is_reused_within_the_interval_too_and_the_interval_is_configurable()
    {
        await using var server = await HealthFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HtmlPage(), "GetFolder");
        var clock = new ManualTimeProvider();
        await using var services = HealthFixture.Services(HealthFixture.Connection(server),
            h => h.AddExchangeConnections(configure: o => o.MinimumInterval = TimeSpan.FromMinutes(2)), clock);

        (await HealthFixture.ProbeAsync(services)).Data["step"].Should().Be("Endpoint");
        clock.Advance(TimeSpan.FromSeconds(90));
        var reused = await HealthFixture.ProbeAsync(services);
        reused.Status.Should().Be(HealthStatus.Unhealthy);
        reused.Data["cached"].Should().Be(true);
        server.Counters.Requests.Should().Be(1);

        clock.Advance(TimeSpan.FromSeconds(30));
        (await HealthFixture.ProbeAsync(services)).Status.Should().Be(HealthStatus.Healthy, "the fault was queued once");
        server.Counters.Requests.Should().Be(2);
    }

    [SkippableFact]
    public async Task A_zero_interval_checks_on_every_probe()
    {
        await using var server = await HealthFixture.StartAsync();
        await using var services = HealthFixture.Services(HealthFixture.Connection(server),
            h => h.AddExchangeConnections(configure: o => o.MinimumInterval = TimeSpan.Zero), new ManualTimeProvider());

        for (var i = 0; i < 3; i++)
        {
            (await HealthFixture.ProbeAsync(services)).Data["cached"].Should().Be(false);
        }

        server.Counters.Requests.Should().Be(3);
    }

    [SkippableFact]
    public async Task Concurrent_probes_share_one_check()
    {
        await using var server = await HealthFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromMilliseconds(1500)), "GetFolder");
        await using var services = HealthFixture.Services(HealthFixture.Connection(server),
            h => h.AddExchangeConnections(configure: o => o.MinimumInterval = TimeSpan.Zero));

        var entries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => HealthFixture.ProbeAsync(services))));

        entries.Should().OnlyContain(e => e.Status == HealthStatus.Healthy);
        entries.Select(e => e.Data["checkedAt"]).Distinct().Should().ContainSingle();
        server.Counters.Requests.Should().Be(1, "six probes arrived while one check was running");
    }

    [SkippableFact]
    public async Task A_probe_that_times_out_leaves_the_check_running_for_the_next()
    {
        await using var server = await HealthFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromMilliseconds(1500)), "GetFolder");
        await using var services = HealthFixture.Services(HealthFixture.Connection(server),
            h => h.AddExchangeConnections(timeout: TimeSpan.FromMilliseconds(200)));

        var impatient = await HealthFixture.ProbeAsync(services);
        impatient.Status.Should().Be(HealthStatus.Unhealthy);
        impatient.Description.Should().Contain("timeout");

        // The check takes 1.5 s of server delay plus its own work; on a loaded CI machine 2 s were once not enough.
        await Task.Delay(4000);
        var later = await HealthFixture.ProbeAsync(services);
        later.Status.Should().Be(HealthStatus.Healthy, later.Description);
        later.Data["cached"].Should().Be(true, "the check the first probe started finished and is reused");
        server.Counters.Requests.Should().Be(1);
    }

    [SkippableFact]
    public async Task A_disabled_connection_is_degraded_without_network_io()
    {
        await using var server = await HealthFixture.StartAsync();
        await using var services = HealthFixture.Services(HealthFixture.Connection(server, more: [("Disabled", "true")]), h => h
            .AddExchangeConnection("mail_main")
            .AddExchangeConnection("mail_main", name: "strict", configure: o => o.DisabledStatus = HealthStatus.Unhealthy));

        var entry = await HealthFixture.ProbeAsync(services);
        var strict = await HealthFixture.ProbeAsync(services, "strict");

        entry.Status.Should().Be(HealthStatus.Degraded);
        entry.Description.Should().Be("Exchange connection 'mail_main' is disabled; it sends nothing.");
        entry.Data["step"].Should().Be("Enabled");
        entry.Data["disabled"].Should().Be(true);
        strict.Status.Should().Be(HealthStatus.Unhealthy);
        server.Counters.Requests.Should().Be(0);
        server.Counters.Connections.Should().Be(0);
    }

    [SkippableFact]
    public async Task Every_registered_connection_gets_a_check_of_its_own()
    {
        await using var server = await HealthFixture.StartAsync();
        var configuration = HealthFixture.Connection(server);
        foreach (var pair in HealthFixture.Connection(server, "alerts", ("Disabled", "true")))
        {
            configuration[pair.Key] = pair.Value;
        }

        await using var services = HealthFixture.Services(configuration, h => h.AddExchangeConnections(tags: ["ready"]));
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries.Keys.Should().BeEquivalentTo("exchange:mail_main", "exchange:alerts");
        report.Entries["exchange:mail_main"].Status.Should().Be(HealthStatus.Healthy);
        report.Entries["exchange:alerts"].Status.Should().Be(HealthStatus.Degraded);
        report.Entries.Values.Should().OnlyContain(e => e.Tags.Contains("ready"));
        report.Status.Should().Be(HealthStatus.Degraded);
    }

    [Fact]
    public async Task No_registered_connection_is_reported_instead_of_a_silent_pass()
    {
        await using var services = HealthFixture.Services([], h => h.AddExchangeConnections());
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries.Should().ContainSingle().Which;
        entry.Key.Should().Be("exchange");
        entry.Value.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Value.Description.Should().Contain("No Exchange connection is registered");
    }

    [Fact]
    public async Task Invalid_settings_are_unhealthy_at_the_settings_step()
    {
        await using var services = HealthFixture.Services(new Dictionary<string, string?>
        {
            ["Exchange:Connections:mail_main:ServerUrl"] = "https://mail.example.com",
            ["Exchange:Connections:mail_main:SenderAddress"] = "noreply@example.com",
        }, h => h.AddExchangeConnections());

        var entry = await HealthFixture.ProbeAsync(services);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["step"].Should().Be("Settings");
        entry.Data["reason"].Should().BeOfType<string>().Which.Should().Contain("ServerUrl 'https://mail.example.com' includes the protocol");
    }

    [Fact]
    public async Task An_unregistered_connection_name_is_reported_with_the_registered_ones()
    {
        await using var services = HealthFixture.Services(new Dictionary<string, string?>
        {
            ["Exchange:Connections:mail_main:ServerUrl"] = "mail.example.com",
            ["Exchange:Connections:mail_main:SenderAddress"] = "noreply@example.com",
        }, h => h.AddExchangeConnection("mail_mian"));

        var entry = await HealthFixture.ProbeAsync(services, "exchange:mail_mian");

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Contain("'mail_mian'").And.Contain("Registered: mail_main");
    }

    [Fact]
    public void A_negative_interval_is_refused_at_registration()
    {
        var builder = new ServiceCollection().AddHealthChecks();
        var add = () => builder.AddExchangeConnection("mail_main", configure: o => o.MinimumInterval = TimeSpan.FromSeconds(-1));
        add.Should().Throw<ArgumentOutOfRangeException>().WithMessage("MinimumInterval must not be negative*");
    }
}
