using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.Configuration;

/// <summary>The MaxRecipientsPerMessage setting (bound, validated, applied) and the warnings about settings that work but
/// should not stay: Basic authentication over http:// is logged when the sender is built and listed by the connection check.</summary>
public class ConnectionLimitsAndWarningsTests
{
    private const string BasicOverHttp = "Basic authentication sends the password in clear text over http:// (AllowInsecureHttp is true); use https "
        + "(set AllowInsecureHttp to false) or Windows or bearer authentication (AuthenticationType Windows or Bearer, or an AuthenticationStrategy).";

    [Fact]
    public void The_recipient_limit_defaults_to_exchanges_500() =>
        new ExchangeConnectionOptions().MaxRecipientsPerMessage.Should().Be(500).And.Be(ExchangeConnectionOptions.DefaultMaxRecipientsPerMessage);

    [Theory]
    [InlineData(1, true)]
    [InlineData(100_000, true)]
    [InlineData(0, false)]
    [InlineData(100_001, false)]
    [InlineData(-5, false)]
    public void The_recipient_limit_is_between_1_and_100000(int value, bool valid)
    {
        var failures = TestOptions.Valid(o => o.MaxRecipientsPerMessage = value).Validate();
        failures.Should().Equal(valid ? [] : [$"Exchange connection 'mail_main': MaxRecipientsPerMessage {value} is out of range; use 1 to 100000 (default 500, "
            + "Exchange's default recipient limit per message; enter the server's MaxRecipientEnvelopeLimit or the mailbox's RecipientLimits)."]);
    }

    [Fact]
    public void The_recipient_limit_binds_from_configuration_and_a_value_that_is_not_a_number_is_named()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MaxRecipientsPerMessage"] = "1000" }).Build();
        var options = new ExchangeConnectionOptions();
        ExchangeConnectionOptionsBinder.Bind(section, options).Should().BeEmpty();
        options.MaxRecipientsPerMessage.Should().Be(1000);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MaxRecipientsPerMessage"] = "many" }).Build();
        ExchangeConnectionOptionsBinder.Bind(bad, options).Select(f => f.Message).Should().Equal("MaxRecipientsPerMessage 'many' is not a valid whole number.");
    }

    [Fact]
    public async Task A_limit_from_configuration_is_applied_by_the_sender_it_registers()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Exchange:Connections:main:ServerUrl"] = "no-such-host.invalid",
            ["Exchange:Connections:main:SenderAddress"] = "noreply@example.com",
            ["Exchange:Connections:main:MaxRecipientsPerMessage"] = "1",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();
        var sender = provider.GetRequiredService<IExchangeMailSenderFactory>().Get("main");
        provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("main").MaxRecipientsPerMessage.Should().Be(1);

        var send = () => sender.SendAsync(TestOptions.Message(m => m.Cc.Add(new ExchangeMailbox("bob@example.com"))));

        (await send.Should().ThrowAsync<ExchangeMessageValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Message.Should().StartWith("The message has 2 recipients (To 1, Cc 1, Bcc 0; each entry counts), more than the connection's MaxRecipientsPerMessage of 1;");
    }

    [Fact]
    public void The_sender_address_setting_follows_rfc_5321_sizes() =>
        TestOptions.Valid(o => o.SenderAddress = new string('s', 65) + "@example.com").Validate().Should().Equal(
            $"Exchange connection 'mail_main': Sender Address '{new string('s', 65)}@example.com' has a local part (before '@') of 65 characters; at most 64 are allowed (RFC 5321 §4.5.3.1.1). Shorten it.");

    [Theory]
    [InlineData(ExchangeAuthenticationType.Basic, true, false, false, true)]
    [InlineData(ExchangeAuthenticationType.Basic, false, false, false, false)]
    [InlineData(ExchangeAuthenticationType.Windows, true, false, false, false)]
    [InlineData(ExchangeAuthenticationType.None, true, false, false, false)]
    [InlineData(ExchangeAuthenticationType.Basic, true, true, false, false)]
    [InlineData(ExchangeAuthenticationType.Basic, true, false, true, false)]
    public void Only_basic_authentication_over_http_is_warned_about(ExchangeAuthenticationType type, bool http, bool disabled, bool strategy, bool warned)
    {
        var options = TestOptions.Valid(o =>
        {
            o.AuthenticationType = type;
            o.AllowInsecureHttp = http;
            o.Disabled = disabled;
            o.AuthenticationStrategy = strategy ? new BearerStrategy() : null;
        });
        ExchangeConnectionWarnings.For(options).Should().BeEquivalentTo(warned
            ? [new ExchangeSendWarning(ExchangeSendWarning.BasicAuthenticationOverHttp, "AuthenticationType", BasicOverHttp)]
            : Array.Empty<ExchangeSendWarning>());
    }

    [SkippableFact]
    public async Task Basic_over_http_is_logged_when_the_sender_is_built_and_listed_by_the_connection_check()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = ServerFixture.Account;
            o.Password = ServerFixture.Password;
        }, factory);

        var built = collector.GetSnapshot().Should().ContainSingle().Which;
        (built.Id.Id, built.Level, built.Message).Should().Be((1401, LogLevel.Warning, "loopback: BasicAuthenticationOverHttp for AuthenticationType: " + BasicOverHttp));
        built.Message.Should().NotContain(ServerFixture.Password);

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue("a warning does not fail the check");
        check.Warnings.Should().Equal(new ExchangeSendWarning(ExchangeSendWarning.BasicAuthenticationOverHttp, "AuthenticationType", BasicOverHttp));
        check.ToString().Should().Contain("; warning: " + BasicOverHttp);
        await sender.SendAsync(TestOptions.Message());
        collector.GetSnapshot().Count(r => r.Id.Id == 1401).Should().Be(1, "the settings are warned about once, when the sender is built, not per send");
    }

    [SkippableFact]
    public async Task An_anonymous_connection_over_http_has_no_warnings()
    {
        await using var server = await ServerFixture.StartAsync();
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var sender = ServerFixture.Sender(server, loggerFactory: factory);

        var check = await sender.TestConnectionAsync();

        check.Warnings.Should().BeEmpty();
        collector.GetSnapshot().Should().NotContain(r => r.Level >= LogLevel.Warning);
    }

    private sealed class BearerStrategy : ExchangeAuthenticationStrategy
    {
        public override string Name => "Bearer";

        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", "token");
            return default;
        }
    }
}
