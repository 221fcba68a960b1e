using Exchange.Sending;
using Exchange.Sending.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds health checks of Exchange connections registered with <c>AddExchangeMailSender</c> / <c>AddExchangeMailSenders</c>:
/// each runs the connection's check (<see cref="IExchangeMailSender.TestConnectionAsync(CancellationToken)"/>: enabled, endpoint,
/// authentication, version, mailbox) at most once per <see cref="ExchangeConnectionHealthCheckOptions.MinimumInterval"/>.
/// </summary>
/// <remarks>
/// <para>Status: <see cref="HealthStatus.Healthy"/> when every step passed; <see cref="HealthStatus.Degraded"/> when every
/// step passed with warnings (Basic authentication over <c>http://</c>; a sender address that is not the account's, so Send
/// As is unproven) or when the connection is disabled (<see cref="ExchangeConnectionHealthCheckOptions.DisabledStatus"/>);
/// the registration's failure status (default <see cref="HealthStatus.Unhealthy"/>) when a step failed or the settings are
/// invalid.</para>
/// <para>Data (<see cref="HealthCheckResult.Data"/>), strings unless noted: <c>connection</c>; <c>endpoint</c> (the EWS URL,
/// without user info); <c>step</c> and <c>reason</c> when a step failed (<c>Enabled</c>, <c>Endpoint</c>,
/// <c>Authentication</c>, <c>Version</c>, <c>Mailbox</c>, or <c>Settings</c> for invalid settings); <c>warnings</c> (the
/// warning codes, comma-separated); <c>server</c>, <c>serverVersion</c>, <c>authentication</c>; <c>disabled</c> (bool);
/// <c>checkedAt</c> (ISO 8601, UTC, when the check finished); <c>cached</c> (bool: reused within the minimum interval);
/// <c>elapsedMs</c> (long, milliseconds the check took). No password or other secret: the library's texts never carry them.</para>
/// </remarks>
public static class ExchangeHealthChecksBuilderExtensions
{
    /// <summary>What the name of a connection's health check starts with by default: <c>exchange:</c>, followed by the connection name.</summary>
    public const string DefaultNamePrefix = "exchange:";

    /// <summary>The name of the single check <see cref="AddExchangeConnections"/> adds when no connection is registered.</summary>
    public const string NoConnectionsCheckName = "exchange";

    /// <summary>Adds one health check per registered Exchange connection, named <c>exchange:{connection name}</c>. The
    /// connections are those registered when the health check service is built, whether before or after this call. When
    /// none is registered (a misspelt configuration section, say), one check named <c>exchange</c> reports the failure
    /// status instead of nothing reporting at all.</summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="failureStatus">The status of a failed step or invalid settings; <see langword="null"/>: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags of every check added (to filter probes, e.g. <c>ready</c>); may be <see langword="null"/>.</param>
    /// <param name="timeout">How long a probe waits for a check (the check itself goes on for other probes, bounded by the
    /// connection's <c>RequestTimeout</c>); <see langword="null"/>: no limit beyond that.</param>
    /// <param name="configure">Sets the minimum interval and how results are judged, for every connection.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="configure"/> set a negative
    /// <see cref="ExchangeConnectionHealthCheckOptions.MinimumInterval"/>.</exception>
    public static IHealthChecksBuilder AddExchangeConnections(this IHealthChecksBuilder builder, HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null, TimeSpan? timeout = null, Action<ExchangeConnectionHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = Options(configure);
        var tagList = tags?.ToArray();
        AddCache(builder.Services);
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IServiceProvider>((health, services) =>
        {
            var names = services.GetService<IExchangeMailSenderFactory>()?.ConnectionNames ?? [];
            if (names.Count == 0)
            {
                health.Registrations.Add(new HealthCheckRegistration(NoConnectionsCheckName, _ => new NoConnectionsHealthCheck(), failureStatus, tagList, timeout));
                return;
            }

            foreach (var name in names)
            {
                health.Registrations.Add(Registration(name, DefaultNamePrefix + name, options.Clone(), failureStatus, tagList, timeout));
            }
        });
        return builder;
    }

    /// <summary>Adds the health check of one registered Exchange connection.</summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="connectionName">The connection's registration name (case-sensitive, as registered). A name that is not
    /// registered is reported by the check, with the registered names, at each run.</param>
    /// <param name="name">The health check's name; <see langword="null"/>: <c>exchange:{connectionName}</c>.</param>
    /// <param name="failureStatus">The status of a failed step or invalid settings; <see langword="null"/>: <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags of the check (to filter probes, e.g. <c>ready</c>); may be <see langword="null"/>.</param>
    /// <param name="timeout">How long a probe waits for the check (the check itself goes on for other probes, bounded by the
    /// connection's <c>RequestTimeout</c>); <see langword="null"/>: no limit beyond that.</param>
    /// <param name="configure">Sets the minimum interval and how results are judged.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionName"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="configure"/> set a negative
    /// <see cref="ExchangeConnectionHealthCheckOptions.MinimumInterval"/>.</exception>
    public static IHealthChecksBuilder AddExchangeConnection(this IHealthChecksBuilder builder, string connectionName, string? name = null,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null, Action<ExchangeConnectionHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        var options = Options(configure);
        AddCache(builder.Services);
        return builder.Add(Registration(connectionName, name ?? DefaultNamePrefix + connectionName, options, failureStatus, tags, timeout));
    }

    private static ExchangeConnectionHealthCheckOptions Options(Action<ExchangeConnectionHealthCheckOptions>? configure)
    {
        var options = new ExchangeConnectionHealthCheckOptions();
        configure?.Invoke(options);
        if (options.MinimumInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.MinimumInterval,
                "MinimumInterval must not be negative; use TimeSpan.Zero to check on every probe.");
        }

        return options;
    }

    private static void AddCache(IServiceCollection services) =>
        services.TryAddSingleton(sp => new ExchangeConnectionHealthCache(sp.GetService<TimeProvider>() ?? TimeProvider.System));

    private static HealthCheckRegistration Registration(string connectionName, string name, ExchangeConnectionHealthCheckOptions options,
        HealthStatus? failureStatus, IEnumerable<string>? tags, TimeSpan? timeout) =>
        new(name, sp => new ExchangeConnectionHealthCheck(connectionName, options,
                sp.GetRequiredService<IExchangeMailSenderFactory>(),
                sp.GetService<IOptionsMonitor<ExchangeConnectionOptions>>(),
                sp.GetRequiredService<ExchangeConnectionHealthCache>()),
            failureStatus, tags, timeout);

    private sealed class NoConnectionsHealthCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                "No Exchange connection is registered: AddExchangeMailSenders found no connection in its configuration section "
                + "(Exchange:Connections by default), or none was added with AddExchangeMailSender.", null,
                new Dictionary<string, object> { ["step"] = ExchangeConnectionHealthCheck.SettingsStep }));
    }
}
