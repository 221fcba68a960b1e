using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.DependencyInjection;

public class ReloadTests
{
    private const string Main = "Exchange:Connections:main:";

    [SkippableFact]
    public async Task Changed_settings_reach_the_next_sender_while_the_old_one_finishes_its_send()
    {
        await using var server = await ServerFixture.StartAsync();
        var configuration = new ChangeableConfiguration(
        [
            (Main + "ServerUrl", server.ServerUrl),
            (Main + "AllowInsecureHttp", "true"),
            (Main + "SenderAddress", ServerFixture.AccountAddress),
            (Main + "SenderName", "Before"),
            (Main + "MessageFormat", "Items"),
        ]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(configuration.Root().GetSection("Exchange:Connections")).BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var keyed = provider.GetRequiredKeyedService<IExchangeMailSender>("main");
        var before = factory.Get("main");
        keyed.Should().BeSameAs(before);

        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(1)));
        var inFlight = before.SendAsync(TestOptions.Message(m => m.Subject = "started before the change"));
        configuration.Change((Main + "SenderName", "After"));

        var after = factory.Get("main");
        after.Should().NotBeSameAs(before);
        factory.Get("main").Should().BeSameAs(after);
        inFlight.IsCompleted.Should().BeFalse("the server holds the first request for a second");
        await after.SendAsync(TestOptions.Message(m => m.Subject = "new sender"));
        await inFlight;
        await keyed.SendAsync(TestOptions.Message(m => m.Subject = "keyed after the change"));

        server.SentMessages.Select(m => (m.Subject, m.From?.Name)).Should().BeEquivalentTo(new (string?, string?)[]
        {
            ("started before the change", "Before"),
            ("new sender", "After"),
            ("keyed after the change", "After"),
        });
        // The replaced sender was disposed once its send ended.
        var old = ((FactoryExchangeMailSender)before).Inner;
        var direct = () => old.SendAsync(TestOptions.Message());
        await direct.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public void Invalid_changed_settings_keep_the_working_sender_and_are_logged_once()
    {
        var configuration = new ChangeableConfiguration(ServiceCollectionTests.Connection("main"));
        var logs = new FakeLogCollector();
        using var provider = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)))
            .AddExchangeMailSenders(configuration.Root().GetSection("Exchange:Connections"))
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var working = factory.Get("main");

        configuration.Change((Main + "SenderAddress", "not-an-address"));
        configuration.Change((Main + "Description", "still invalid, same failures"));

        factory.Get("main").Should().BeSameAs(working);
        ((FactoryExchangeMailSender)working).IsRetired.Should().BeFalse();
        var monitorGet = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("main");
        monitorGet.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Exchange connection 'main': Sender Address 'not-an-address' is not an e-mail address; enter one such as 'name@example.com' (no display name or angle brackets).");
        FactoryRecords(logs).Should().Equal((LogLevel.Error, 1101,
            "Exchange connection 'main': the reloaded settings are invalid, so the sender built from the previous settings stays in use. "
            + "Exchange connection 'main': Sender Address 'not-an-address' is not an e-mail address; enter one such as 'name@example.com' (no display name or angle brackets)."));

        configuration.Change((Main + "SenderAddress", "fixed@example.com"));

        var fixedSender = factory.Get("main");
        fixedSender.Should().NotBeSameAs(working);
        ((FactoryExchangeMailSender)working).IsRetired.Should().BeTrue();
        FactoryRecords(logs).Skip(1).Should().Equal((LogLevel.Information, 1102,
            "Exchange connection 'main': settings changed; new sends use them, sends already running finish with the previous ones"));
    }

    [Fact]
    public void A_reload_that_leaves_a_connection_as_it_was_keeps_its_sender()
    {
        var configuration = new ChangeableConfiguration([.. ServiceCollectionTests.Connection("main"), .. ServiceCollectionTests.Connection("billing")]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(configuration.Root().GetSection("Exchange:Connections")).BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var main = factory.Get("main");
        var billing = factory.Get("billing");

        configuration.Change(("Exchange:Connections:billing:SenderAddress", "billing@example.com"), ("Logging:LogLevel:Default", "Debug"));

        factory.Get("main").Should().BeSameAs(main);
        factory.Get("billing").Should().NotBeSameAs(billing);
    }

    [Fact]
    public void A_renamed_system_name_is_the_connection_name_of_new_and_replaced_senders()
    {
        var configuration = new ChangeableConfiguration(ServiceCollectionTests.Connection("main"));
        using var provider = new ServiceCollection().AddExchangeMailSenders(configuration.Root().GetSection("Exchange:Connections")).BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var keyed = provider.GetRequiredKeyedService<IExchangeMailSender>("main");
        keyed.ConnectionName.Should().Be("main");

        configuration.Change((Main + "SystemName", "main_v2"));

        factory.Get("main").ConnectionName.Should().Be("main_v2");
        keyed.ConnectionName.Should().Be("main_v2");
        factory.ConnectionNames.Should().Equal("main"); // the registration name does not change
    }

    [Fact]
    public void A_connection_never_handed_out_is_built_from_the_configuration_of_its_first_use()
    {
        var configuration = new ChangeableConfiguration(ServiceCollectionTests.Connection("main", ("SenderAddress", "")));
        using var provider = new ServiceCollection().AddExchangeMailSenders(configuration.Root().GetSection("Exchange:Connections")).BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var get = () => factory.Get("main");
        get.Should().Throw<OptionsValidationException>();

        configuration.Change((Main + "SenderAddress", "noreply@example.com"), (Main + "SystemName", "main_now"));

        factory.Get("main").ConnectionName.Should().Be("main_now");
    }

    [Fact]
    public async Task Disposing_the_container_ends_every_sender()
    {
        var configuration = new ChangeableConfiguration(ServiceCollectionTests.Connection("main"));
        var provider = new ServiceCollection().AddExchangeMailSenders(configuration.Root().GetSection("Exchange:Connections")).BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var sender = (FactoryExchangeMailSender)factory.Get("main");

        provider.Dispose();

        sender.IsRetired.Should().BeTrue();
        var get = () => factory.Get("main");
        get.Should().Throw<ObjectDisposedException>();
        var send = () => sender.SendAsync(TestOptions.Message());
        await send.Should().ThrowAsync<ObjectDisposedException>();
        configuration.Change((Main + "SenderName", "after disposal")); // no longer listened to: nothing throws
    }

    [Fact]
    public async Task In_a_host_an_invalid_reload_is_rethrown_to_the_reloading_code_by_the_options_monitor()
    {
        var configuration = new ChangeableConfiguration(ServiceCollectionTests.Connection("main"));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Add(configuration);
        builder.Services.AddExchangeMailSenders(builder.Configuration.GetSection("Exchange:Connections"));
        using var host = builder.Build();
        await host.StartAsync(); // ValidateOnStart: the options monitor now listens to the connection's change token
        var factory = host.Services.GetRequiredService<IExchangeMailSenderFactory>();
        var working = factory.Get("main");

        var change = () => configuration.Change((Main + "MaxRetryAttempts", "lots"));

        change.Should().Throw<AggregateException>().Which.Flatten().InnerExceptions.OfType<OptionsValidationException>()
            .Should().ContainSingle().Which.Failures.Should().Equal("Exchange connection 'main': MaxRetryAttempts 'lots' is not a valid whole number.");
        factory.Get("main").Should().BeSameAs(working);
        await host.StopAsync();
    }

    private static IEnumerable<(LogLevel, int, string)> FactoryRecords(FakeLogCollector logs) =>
        logs.GetSnapshot().Where(r => r.Category == "Exchange.Sending.ExchangeMailSenderFactory").Select(r => (r.Level, r.Id.Id, r.Message));
}
