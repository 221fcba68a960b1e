using Exchange.Sending.Testing;
using Exchange.Sending.Tests.DependencyInjection;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.Configuration;

/// <summary>AuthenticationType Bearer: validation, warnings, configuration binding and the DI path for the token source.</summary>
public class BearerConfigurationTests
{
    private static readonly ExchangeAccessTokenProvider Provider =
        (_, _) => ValueTask.FromResult(new ExchangeAccessToken("tok-config", DateTimeOffset.UtcNow.AddHours(1)));

    private static ExchangeConnectionOptions Bearer(Action<ExchangeConnectionOptions>? change = null) => TestOptions.Valid(o =>
    {
        o.AuthenticationType = ExchangeAuthenticationType.Bearer;
        o.UserName = null;
        o.Password = null;
        o.AccessTokenProvider = Provider;
        change?.Invoke(o);
    });

    [Fact]
    public void Bearer_with_a_provider_is_valid_and_warns_of_nothing()
    {
        var options = Bearer();

        options.Validate().Should().BeEmpty();
        ExchangeConnectionWarnings.For(options).Should().BeEmpty();
    }

    [Fact]
    public void Bearer_without_a_provider_names_the_setting_and_says_it_is_set_in_code()
    {
        var messages = Bearer(o => o.AccessTokenProvider = null).Validate();

        messages.Should().ContainSingle().Which.Should().Be(
            "Exchange connection 'mail_main': AccessTokenProvider is not set but AuthenticationType is Bearer; set it in code, since a token source cannot come from configuration: "
            + "services.AddExchangeMailSender(name, section).UseAccessTokenProvider((request, ct) => …) (or .UseTokenCredential(credential) from the "
            + "Exchange.Sending.Azure package); for connections registered together by AddExchangeMailSenders(section), "
            + "services.Configure<ExchangeConnectionOptions>(name, o => o.AccessTokenProvider = …) (see docs/oauth.md); or choose another AuthenticationType.");
    }

    [Fact]
    public void A_host_strategy_needs_no_provider()
    {
        Bearer(o => { o.AccessTokenProvider = null; o.AuthenticationStrategy = new NoneLikeStrategy(); }).Validate().Should().BeEmpty();
    }

    [Fact]
    public void An_unknown_AuthenticationType_lists_Bearer()
    {
        Bearer(o => o.AuthenticationType = (ExchangeAuthenticationType)9).Validate()
            .Should().Contain(m => m.Contains("AuthenticationType must be None, Basic, Windows or Bearer."));
    }

    [Fact]
    public void UserName_and_Password_with_Bearer_are_warned_about_as_ignored()
    {
        var warnings = ExchangeConnectionWarnings.For(Bearer(o => { o.UserName = "svc"; o.Password = "pw"; }));

        warnings.Should().ContainSingle().Which.Should().Be(new ExchangeSendWarning(ExchangeSendWarning.CredentialsIgnored, "UserName",
            "UserName and Password are set but AuthenticationType is Bearer, which authenticates with the AccessTokenProvider's token only; "
            + "clear them (a password kept in the settings is a secret kept for nothing)."));
        ExchangeConnectionWarnings.For(Bearer(o => o.Password = "pw")).Single().Message.Should().StartWith("Password is set but");
    }

    [Fact]
    public void A_provider_without_Bearer_is_warned_about_as_unused()
    {
        var options = TestOptions.Valid(o => o.AccessTokenProvider = Provider);

        ExchangeConnectionWarnings.For(options).Should().ContainSingle().Which.Message
            .Should().Be("AccessTokenProvider is set but AuthenticationType is Basic, so no token is sent; set AuthenticationType to Bearer to use it, or remove it.");
    }

    [Fact]
    public void AuthenticationType_Bearer_binds_from_configuration_and_the_provider_comes_from_code()
    {
        var config = ServiceCollectionTests.Config([.. ServiceCollectionTests.Connection("oauth", ("AuthenticationType", "Bearer"), ("UserName", ""), ("Password", ""))]);
        var services = new ServiceCollection().AddLogging();
        services.AddExchangeMailSender("oauth", config.GetSection("Exchange:Connections:oauth")).Configure(o => o.AccessTokenProvider = Provider);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("oauth");

        options.AuthenticationType.Should().Be(ExchangeAuthenticationType.Bearer);
        options.AccessTokenProvider.Should().BeSameAs(Provider);
    }

    [Fact]
    public void Bearer_from_configuration_without_a_provider_fails_at_start_naming_the_setting()
    {
        var config = ServiceCollectionTests.Config([.. ServiceCollectionTests.Connection("oauth", ("AuthenticationType", "Bearer"), ("UserName", ""), ("Password", ""))]);
        using var provider = new ServiceCollection().AddLogging().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("oauth");

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("'oauth'").And.Contain("AccessTokenProvider is not set but AuthenticationType is Bearer");
    }

    [Fact]
    public void An_AccessTokenProvider_key_in_configuration_is_not_a_setting()
    {
        var config = ServiceCollectionTests.Config([.. ServiceCollectionTests.Connection("oauth", ("AccessTokenProvider", "MyApp.Tokens"))]);
        using var provider = new ServiceCollection().AddLogging().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();

        var act = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("oauth");

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("AccessTokenProvider is not a setting of an Exchange connection");
    }

    [SkippableFact]
    public async Task UseAccessTokenProvider_with_services_sends_through_DI_and_makes_the_provider_once()
    {
        var tokens = new FakeEwsBearerAuthenticator();
        tokens.AddToken("tok-di", new FakeEwsUser(ServerFixture.AccountAddress, "Sender Account"));
        await using var server = await ServerFixture.StartAsync(o => o.CustomAuthenticator = tokens);
        var config = ServiceCollectionTests.Config([.. ServiceCollectionTests.Connection("oauth",
            ("ServerUrl", server.ServerUrl), ("AllowInsecureHttp", "true"), ("SenderAddress", ServerFixture.AccountAddress),
            ("MessageFormat", "Items"), ("UserName", ""), ("Password", ""), ("AuthenticationType", "None"))]);
        var made = 0;
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new TokenIssuer("tok-di"));
        services.AddExchangeMailSender("oauth", config.GetSection("Exchange:Connections:oauth"))
            .UseAccessTokenProvider(sp =>
            {
                made++;
                var issuer = sp.GetRequiredService<TokenIssuer>();
                return (_, _) => ValueTask.FromResult(new ExchangeAccessToken(issuer.Token, DateTimeOffset.UtcNow.AddHours(1)));
            });
        using var provider = services.BuildServiceProvider();

        var sender = provider.GetRequiredKeyedService<IExchangeMailSender>("oauth");
        await sender.SendAsync(TestOptions.Message());
        var monitor = provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>();
        monitor.Get("oauth").AuthenticationType.Should().Be(ExchangeAuthenticationType.Bearer);

        tokens.ReceivedTokens.Should().Equal("tok-di");
        server.SentMessages.Should().HaveCount(1);
        made.Should().Be(1);
    }

    [SkippableFact]
    public async Task A_reload_that_changes_nothing_keeps_the_sender_and_its_cached_token()
    {
        var tokens = new FakeEwsBearerAuthenticator();
        tokens.AddToken("tok-r", new FakeEwsUser(ServerFixture.AccountAddress, "Sender Account"));
        await using var server = await ServerFixture.StartAsync(o => o.CustomAuthenticator = tokens);
        const string Main = "Exchange:Connections:oauth:";
        var configuration = new ChangeableConfiguration(
        [
            (Main + "ServerUrl", server.ServerUrl), (Main + "AllowInsecureHttp", "true"), (Main + "AuthenticationType", "Bearer"),
            (Main + "SenderAddress", ServerFixture.AccountAddress), (Main + "MessageFormat", "Items"),
        ]);
        var fetches = 0;
        var services = new ServiceCollection().AddLogging();
        services.AddExchangeMailSender("oauth", configuration.Root().GetSection("Exchange:Connections:oauth")).UseAccessTokenProvider(_ => (_, _) =>
        {
            Interlocked.Increment(ref fetches);
            return ValueTask.FromResult(new ExchangeAccessToken("tok-r", DateTimeOffset.UtcNow.AddHours(1)));
        });
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        var before = factory.Get("oauth");
        await before.SendAsync(TestOptions.Message());

        configuration.Change((Main + "MessageFormat", "Items"));
        var same = factory.Get("oauth");
        await same.SendAsync(TestOptions.Message());
        configuration.Change((Main + "SenderName", "Changed"));
        var changed = factory.Get("oauth");
        await changed.SendAsync(TestOptions.Message());

        same.Should().BeSameAs(before);
        changed.Should().NotBeSameAs(before);
        fetches.Should().Be(2, "the new sender starts its own token cache");
        tokens.ReceivedTokens.Should().Equal("tok-r", "tok-r", "tok-r");
    }

    private sealed record TokenIssuer(string Token);

    private sealed class NoneLikeStrategy : ExchangeAuthenticationStrategy
    {
        public override string Name => "Custom";
    }
}
