using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Exchange.Sending.Tests.Diagnostics;

/// <summary>Each connection logs under its own category, Exchange.Sending.Connection.{SystemName}, so that a host's
/// Logging:LogLevel rules route one connection; the connection's LogMode still applies on top.</summary>
public class LogCategoryTests
{
    [SkippableFact]
    public async Task A_sender_logs_under_its_connection_category()
    {
        await using var server = await ServerFixture.StartAsync();
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var sender = ServerFixture.Sender(server, o => o.SystemName = "mail_billing", factory);

        await sender.SendAsync(TestOptions.Message());

        collector.GetSnapshot().Should().NotBeEmpty()
            .And.OnlyContain(r => r.Category == ExchangeSendingDiagnostics.ConnectionLogCategoryPrefix + "mail_billing");
    }

    [SkippableFact]
    public async Task Logging_LogLevel_rules_route_one_connection_and_LogMode_still_applies()
    {
        await using var server = await ServerFixture.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Exchange.Sending.Connection.mail_quiet"] = "None",
            ["Exchange:Connections:mail_quiet:SystemName"] = "mail_quiet",
            ["Exchange:Connections:mail_quiet:ServerUrl"] = server.ServerUrl,
            ["Exchange:Connections:mail_quiet:AllowInsecureHttp"] = "true",
            ["Exchange:Connections:mail_quiet:SenderAddress"] = ServerFixture.AccountAddress,
            ["Exchange:Connections:mail_quiet:MessageFormat"] = "Items",
            ["Exchange:Connections:mail_loud:SystemName"] = "mail_loud",
            ["Exchange:Connections:mail_loud:ServerUrl"] = server.ServerUrl,
            ["Exchange:Connections:mail_loud:AllowInsecureHttp"] = "true",
            ["Exchange:Connections:mail_loud:SenderAddress"] = ServerFixture.AccountAddress,
            ["Exchange:Connections:mail_loud:MessageFormat"] = "Items",
            ["Exchange:Connections:mail_errors:SystemName"] = "mail_errors",
            ["Exchange:Connections:mail_errors:ServerUrl"] = server.ServerUrl,
            ["Exchange:Connections:mail_errors:AllowInsecureHttp"] = "true",
            ["Exchange:Connections:mail_errors:SenderAddress"] = ServerFixture.AccountAddress,
            ["Exchange:Connections:mail_errors:MessageFormat"] = "Items",
            ["Exchange:Connections:mail_errors:LogMode"] = "ErrorsOnly",
        }).Build();
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).AddProvider(new FakeLoggerProvider(collector)));
        services.AddExchangeMailSenders(configuration.GetSection("Exchange:Connections"));
        await using var provider = services.BuildServiceProvider();
        var senders = provider.GetRequiredService<IExchangeMailSenderFactory>();

        foreach (var name in new[] { "mail_quiet", "mail_loud", "mail_errors" })
        {
            await senders.Get(name).SendAsync(TestOptions.Message());
        }

        var categories = collector.GetSnapshot().Select(r => r.Category).Distinct().ToList();
        categories.Should().Contain("Exchange.Sending.Connection.mail_loud");
        categories.Should().NotContain("Exchange.Sending.Connection.mail_quiet", "its category is set to None");
        categories.Should().NotContain("Exchange.Sending.Connection.mail_errors", "its LogMode passes warnings and errors only, and the send succeeded");
    }
}
