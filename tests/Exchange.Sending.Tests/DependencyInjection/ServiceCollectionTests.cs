using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.DependencyInjection;

public class ServiceCollectionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static (string, string)[] Connection(string name, params (string Key, string Value)[] overrides)
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

    [Fact]
    public void Named_connections_bind_from_configuration_and_resolve_by_name_and_key()
    {
        var config = Config([.. Connection("main"), .. Connection("billing", ("Version", "Exchange2010_SP2"), ("LogMode", "ErrorsOnly"))]);
        using var provider = new ServiceCollection().AddLogging().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();

        var factory = provider.GetRequiredService<IExchangeMailSenderFactory>();
        factory.ConnectionNames.Should().BeEquivalentTo("main", "billing");
        factory.Get("billing").Should().BeSameAs(provider.GetRequiredKeyedService<IExchangeMailSender>("billing"));
        provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("billing").Should()
            .BeEquivalentTo(new { SystemName = "billing", Version = ExchangeVersion.Exchange2010_SP2, LogMode = ExchangeLogMode.ErrorsOnly });
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
        failure.Failures.Should().Contain("Exchange connection 'main': ServerUrl 'https://mail.example.com/' includes the protocol 'https://'. Enter it without protocol: 'mail.example.com'. The library always uses https (plain http only with AllowInsecureHttp for test servers).");
        failure.Failures.Should().Contain(f => f.StartsWith("Exchange connection 'main': Version 'Exchange2019' is not a valid Exchange version. Use one of: Exchange2007_SP1"));
    }

    [Fact]
    public void Unknown_setting_is_reported()
    {
        var config = Config([.. Connection("main", ("SeverUrl", "typo.example.com"))]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();
        var get = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("main");
        get.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .Contain(f => f.StartsWith("Exchange connection 'main': SeverUrl is not a setting of an Exchange connection"));
    }

    [Fact]
    public void System_names_must_be_unique_across_connections()
    {
        var config = Config([.. Connection("a", ("SystemName", "shared")), .. Connection("b", ("SystemName", "Shared"))]);
        using var provider = new ServiceCollection().AddExchangeMailSenders(config.GetSection("Exchange:Connections")).BuildServiceProvider();
        var get = () => provider.GetRequiredService<IOptionsMonitor<ExchangeConnectionOptions>>().Get("a");
        get.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .Contain("Exchange connection 'a': SystemName 'shared' is also used by connection 'b'; system names must be unique (case-insensitive). Rename one of them.");
    }

    [Fact]
    public void Registering_the_same_name_twice_is_refused()
    {
        var services = new ServiceCollection();
        services.AddExchangeMailSender("main", o => { });
        var again = () => services.AddExchangeMailSender("MAIN", o => { });
        again.Should().Throw<ArgumentException>().WithMessage("An Exchange connection named 'MAIN' is already registered*");
    }

    [Fact]
    public void Unknown_connection_name_lists_the_registered_ones()
    {
        using var provider = new ServiceCollection().AddExchangeMailSender("main", o => TestOptions.Valid()).Services.BuildServiceProvider();
        var get = () => provider.GetRequiredService<IExchangeMailSenderFactory>().Get("other");
        get.Should().Throw<ArgumentException>().WithMessage("No Exchange connection is registered as 'other'. Registered: main.*");
    }

    [Fact]
    public void Code_configuration_defaults_system_name_to_the_registration_name()
    {
        using var provider = new ServiceCollection()
            .AddExchangeMailSender("ops", o =>
            {
                o.ServerUrl = "mail.example.com";
                o.SenderAddress = "ops@example.com";
            }).Services.BuildServiceProvider();
        provider.GetRequiredKeyedService<IExchangeMailSender>("ops").ConnectionName.Should().Be("ops");
    }
}
