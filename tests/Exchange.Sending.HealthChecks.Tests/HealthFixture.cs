using Exchange.Sending.Testing;
using FluentAssertions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Sending.HealthChecks.Tests;

/// <summary>The bundled EWS server on loopback (validating every request against Microsoft's schema) and a container with
/// connections bound from configuration, as a host registers them, plus the health checks.</summary>
internal static class HealthFixture
{
    public const string Account = "sender";
    public const string AccountAddress = "sender@example.com";
    public const string Password = "Pa55-w0rd!secret";

    public static async Task<FakeEwsServer> StartAsync(Action<FakeEwsServerOptions>? configure = null)
    {
        var location = EwsSchemaLocator.Locate(typeof(HealthFixture).Assembly);
        if (location.Directory is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(location.Describe() + " Under CI=true the schema is required.");
            }

            Skip.If(true, location.Describe());
        }

        var options = new FakeEwsServerOptions { SchemaDirectory = location.Directory, RequireSchemaValidation = true };
        options.Users.Add(new FakeEwsUser(AccountAddress, "Sender Account", Account, Password));
        configure?.Invoke(options);
        return await FakeEwsServer.StartAsync(options);
    }

    /// <summary>Configuration for connection <c>mail_main</c> (and any others in <paramref name="more"/>) pointed at the server.</summary>
    public static Dictionary<string, string?> Connection(FakeEwsServer server, string name = "mail_main", params (string Key, string Value)[] more)
    {
        var prefix = $"Exchange:Connections:{name}:";
        var values = new Dictionary<string, string?>
        {
            [prefix + "ServerUrl"] = server.ServerUrl,
            [prefix + "AllowInsecureHttp"] = "true",
            [prefix + "SenderAddress"] = AccountAddress,
            [prefix + "RequestTimeout"] = "00:00:30",
            [prefix + "MessageFormat"] = "Items",
        };
        foreach (var (key, value) in more)
        {
            values[prefix + key] = value;
        }

        return values;
    }

    public static ServiceProvider Services(Dictionary<string, string?> configuration, Action<IHealthChecksBuilder> health, TimeProvider? time = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddExchangeMailSenders(config.GetSection("Exchange:Connections"));
        health(services.AddHealthChecks());
        return services.BuildServiceProvider();
    }

    public static async Task<HealthReportEntry> ProbeAsync(ServiceProvider services, string name = "exchange:mail_main")
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        report.Entries.Should().ContainKey(name, "the check is registered under that name; registered: {0}", string.Join(", ", report.Entries.Keys));
        return report.Entries[name];
    }
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
