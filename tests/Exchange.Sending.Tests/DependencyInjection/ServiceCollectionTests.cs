using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.DependencyInjection;

public class ServiceCollectionTests
{
    internal static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    internal static (string, string)[] Connection(string name, params (string Key, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>
        {
            ["ServerUrl"] = "mail.example.com",
            ["AuthenticationType"] = "Basic",
            ["UserName"] = "svc",
            ["Password"] = "pw",
            ["SenderAddress"] = "noreply@example.com",
        };
        foreach (var (k, v) in overrides)
        {
            values[k] = v;
        }

        return values.Select(kv => ($"Exchange:Connections:{name}:{kv.Key}", kv.Value)).ToArray();
    }

    private static readonly string VersionFix = "Use one of: " + string.Join(", ", Enum.GetNames<ExchangeVersion>())
        + " (default Exchange2013_SP1; Exchange2010_SP2 for Exchange 2010). Names such as Exchange2019 or Exchange2007_SP3 do not exist in EWS.";

    [Fact]
    public void Named_connections_bind_from_configuration_and_resolve_by_name_and_key()
    {
        var config = Config([.. Connection("main"), .. Connection("billing", ("Version", "Exchange2010_SP2"), ("LogMode", "ErrorsOnly"))]);
        using var provider = new ServiceCollection().AddLogging().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();

        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        factory.ConnectionNames.Should().Equal("billing", "main"); // configuration order: keys sorted
        factory.Get("billing").Should().BeSameAs(provider.GetRequiredKeyedService<IExchangeMailSender>("billing"));
        factory.Get("billing").Should().BeSameAs(factory.Get("billing"));
        factory.Get("billing").ConnectionName.Should().Be("billing");
        factory.Get("main").ConnectionName.Should().Be("main");
        provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("billing").Should().BeEquivalentTo(new
        {
            SystemName = "billing",
            ServerUrl = "mail.example.com",
            AuthenticationType = ExchangeAuthenticationType.Basic,
            UserName = "svc",
            Password = "pw",
            SenderAddress = "noreply@example.com",
            Version = ExchangeVersion.Exchange2010_SP2,
            LogMode = ExchangeLogMode.ErrorsOnly,
        });
    }

    [Fact]
    public async Task Invalid_configuration_fails_at_start_naming_connection_field_and_fix()
    {
        var config = Config([.. Connection("main", ("ServerUrl", "https://mail.example.com/"), ("Version", "Exchange2019"))]);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddExchangeMailSenders(config.GetSection("Exchange:Connections"));
        using var host = builder.Build();

        var start = () => host.StartAsync();
        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Failures.Should().Equal(
            $"Exchange connection 'main': Version 'Exchange2019' is not a valid Exchange version. {VersionFix}",
            "Exchange connection 'main': ServerUrl 'https://mail.example.com/' includes the protocol 'https://'. Enter it without protocol: 'mail.example.com'. The library always uses https (plain http only with AllowInsecureHttp for test servers).");
    }

    [Fact]
    public async Task Every_invalid_connection_is_reported_at_start()
    {
        var config = Config([.. Connection("a", ("SenderAddress", "")), .. Connection("b", ("MaxRetryAttempts", "lots")), .. Connection("c")]);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddExchangeMailSenders(config.GetSection("Exchange:Connections"));
        using var host = builder.Build();

        var start = () => host.StartAsync();
        var failure = (await start.Should().ThrowAsync<AggregateException>()).Which;
        failure.InnerExceptions.Should().AllBeOfType<OptionsValidationException>();
        failure.InnerExceptions.Cast<OptionsValidationException>().Select(e => (e.OptionsName, string.Join(" | ", e.Failures))).Should().BeEquivalentTo(new[]
        {
            ("a", "Exchange connection 'a': Sender Address is empty; enter an e-mail address such as 'name@example.com'."),
            ("b", "Exchange connection 'b': MaxRetryAttempts 'lots' is not a valid whole number."),
        });
    }

    [Fact]
    public void Values_that_do_not_bind_are_reported_once_each_with_the_fix()
    {
        var config = Config([.. Connection("main",
            ("Version", "Exchange2019"), ("RequestTimeout", "soon"), ("MaxConcurrentRequests", "many"), ("SaveCopyToSentItems", "yes"), ("SeverUrl", "typo.example.com"))]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();

        var get = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("main");
        var settings = string.Join(", ", typeof(ExchangeConnectionOptions).GetProperties()
            .Where(p => p.CanWrite && p.PropertyType != typeof(ExchangeAuthenticationStrategy) && p.PropertyType != typeof(ExchangeAccessTokenProvider)).Select(p => p.Name));
        get.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Exchange connection 'main': MaxConcurrentRequests 'many' is not a valid whole number.",
            "Exchange connection 'main': RequestTimeout 'soon' is not a valid time span. Use hh:mm:ss, for example 00:01:40.",
            "Exchange connection 'main': SaveCopyToSentItems 'yes' is not a valid true/false value.",
            $"Exchange connection 'main': SeverUrl is not a setting of an Exchange connection; remove it or correct its spelling. Settings: {settings}.",
            $"Exchange connection 'main': Version 'Exchange2019' is not a valid Exchange version. {VersionFix}");
    }

    [Fact]
    public void A_property_that_did_not_bind_gets_no_rule_message_for_the_value_it_kept()
    {
        // Code set an out-of-range value; configuration's replacement did not convert: the one message is about configuration.
        var config = Config([.. Connection("main", ("MaxConcurrentRequests", "many"))]);
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", config.GetSection("Exchange:Connections:main"));
        services.PostConfigure<ExchangeConnectionOptions>("main", o => o.MaxConcurrentRequests = 0);
        using var provider = services.BuildServiceProvider();

        var get = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("main");
        get.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Exchange connection 'main': MaxConcurrentRequests 'many' is not a valid whole number.");
    }

    [Fact]
    public void Binding_failures_belong_to_their_connection()
    {
        var config = Config([.. Connection("a", ("LogMode", "Verbose")), .. Connection("b")]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>();

        monitor.Get("b").SystemName.Should().Be("b");
        var get = () => monitor.Get("a");
        get.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Exchange connection 'a': LogMode 'Verbose' is not a valid value. Use one of: Full, ErrorsOnly, Off.");
        monitor.Get("b").LogMode.Should().Be(ExchangeLogMode.Full);
    }

    [Fact]
    public void System_names_must_be_unique_across_connections()
    {
        var config = Config([.. Connection("a", ("SystemName", "shared")), .. Connection("b", ("SystemName", "Shared"))]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();
        var get = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("a");
        get.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "Exchange connection 'a': SystemName 'shared' is also used by connection 'b'; system names must be unique (case-insensitive). Rename one of them.");
    }

    [Fact]
    public void Registering_the_same_name_twice_is_refused()
    {
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o => { });
        var again = () => services.AddExchangeMailSender("MAIN", o => { });
        again.Should().Throw<ArgumentException>().Which.Should().BeEquivalentTo(new
        {
            ParamName = "name",
            Message = "An Exchange connection named 'MAIN' is already registered; connection names must be unique (case-insensitive). (Parameter 'name')",
        });
    }

    [Fact]
    public void Unknown_connection_name_lists_the_registered_ones()
    {
        using var provider = new ServiceCollection()
            .AddExchangeMailSender("main", o =>
            {
                o.ServerUrl = "mail.example.com";
                o.SenderAddress = "noreply@example.com";
            }).Services
            .AddExchangeMailSender("billing", o =>
            {
                o.ServerUrl = "mail.example.com";
                o.SenderAddress = "billing@example.com";
            }).Services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();

        factory.Get("main").ConnectionName.Should().Be("main");
        var get = () => factory.Get("other");
        get.Should().Throw<ArgumentException>().Which.Should().BeEquivalentTo(new
        {
            ParamName = "connectionName",
            Message = "No Exchange connection is registered as 'other'. Registered: main, billing. (Parameter 'connectionName')",
        });
    }

    [Fact]
    public void Code_configuration_sets_the_options_and_defaults_system_name_to_the_registration_name()
    {
        using var provider = new ServiceCollection()
            .AddExchangeMailSender("ops", o =>
            {
                o.ServerUrl = "mail.example.com";
                o.SenderAddress = "ops@example.com";
                o.MaxRetryAttempts = 0;
            }).Services.BuildServiceProvider();

        provider.GetRequiredKeyedService<IExchangeMailSender>("ops").ConnectionName.Should().Be("ops");
        provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("ops").Should().BeEquivalentTo(new
        {
            SystemName = "ops",
            ServerUrl = "mail.example.com",
            SenderAddress = "ops@example.com",
            MaxRetryAttempts = 0,
        });
    }

    [Fact]
    public void Builder_configuration_runs_after_the_section_binding()
    {
        var strategy = new NoAuthentication();
        var config = Config([.. Connection("main", ("MaxRetryAttempts", "5"))]);
        using var provider = new ServiceCollection()
            .AddExchangeMailSender("main", config.GetSection("Exchange:Connections:main"))
            .Configure(o => { o.AuthenticationStrategy = strategy; o.MaxRetryAttempts = 1; }).Services
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("main");
        options.AuthenticationStrategy.Should().BeSameAs(strategy);
        options.MaxRetryAttempts.Should().Be(1);
        options.UserName.Should().Be("svc");
    }

    private sealed class NoAuthentication : ExchangeAuthenticationStrategy
    {
        public override string Name => "None";

        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) => default;
    }
}
