using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.HealthChecks;

/// <summary>
/// The health of one named connection, from its connection check (<see cref="IExchangeMailSender.TestConnectionAsync(CancellationToken)"/>):
/// Healthy when every step passed, Degraded when it passed with warnings or the connection is disabled, the registration's
/// failure status (Unhealthy by default) when a step failed or the settings are invalid. The data names the step and the
/// reason; the library's texts never contain a password.
/// </summary>
internal sealed class ExchangeConnectionHealthCheck(
    string connectionName,
    ExchangeConnectionHealthCheckOptions options,
    IExchangeMailSenderFactory factory,
    IOptionsMonitor<ExchangeConnectionOptions>? settings,
    ExchangeConnectionHealthCache cache) : IHealthCheck
{
    /// <summary>The warning code for a sender address that is not the account's own (see
    /// <see cref="ExchangeConnectionHealthCheckOptions.WarnWhenSenderDiffersFromAccount"/>).</summary>
    public const string SendAsUnproven = "SendAsUnproven";

    /// <summary>The <c>step</c> data value when the settings did not validate, so no check could run.</summary>
    public const string SettingsStep = "Settings";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failureStatus = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        IExchangeMailSender sender;
        try
        {
            sender = factory.Get(connectionName);
        }
        catch (OptionsValidationException ex)
        {
            var reason = string.Join(" ", ex.Failures);
            return new HealthCheckResult(failureStatus, $"Exchange connection '{connectionName}' has invalid settings: {reason}", null,
                new Dictionary<string, object> { ["connection"] = connectionName, ["step"] = SettingsStep, ["reason"] = reason });
        }
        catch (ArgumentException ex)
        {
            // Not registered: the factory's message lists the registered names.
            return new HealthCheckResult(failureStatus, ex.Message, null,
                new Dictionary<string, object> { ["connection"] = connectionName, ["step"] = SettingsStep, ["reason"] = ex.Message });
        }

        var cached = await cache.GetAsync(connectionName, sender, options.MinimumInterval, cancellationToken).ConfigureAwait(false);
        return Judge(cached, failureStatus, CurrentSettings());
    }

    private ExchangeConnectionOptions? CurrentSettings()
    {
        try
        {
            return settings?.Get(connectionName);
        }
        catch (OptionsValidationException)
        {
            return null; // invalid reloaded settings: the sender keeps the previous ones, which the check reports on
        }
    }

    private HealthCheckResult Judge(ExchangeCachedCheck cached, HealthStatus failureStatus, ExchangeConnectionOptions? current)
    {
        var check = cached.Check;
        var data = new Dictionary<string, object>
        {
            ["connection"] = check.ConnectionName,
            ["checkedAt"] = cached.CheckedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["cached"] = cached.FromCache,
            ["elapsedMs"] = (long)check.Elapsed.TotalMilliseconds,
        };
        if (check.Endpoint is { } endpoint)
        {
            data["endpoint"] = endpoint.ToString();
        }

        if (check.FailedStep == ExchangeConnectionCheckStep.Enabled)
        {
            data["step"] = nameof(ExchangeConnectionCheckStep.Enabled);
            data["reason"] = check.FailureReason ?? "";
            data["disabled"] = true;
            return new HealthCheckResult(options.DisabledStatus, $"Exchange connection '{check.ConnectionName}' is disabled; it sends nothing.", null, data);
        }

        if (check.ServerVersion is { } version)
        {
            data["serverVersion"] = version.ToString();
        }

        data["server"] = check.Server.ToString();
        if (check.AuthenticationScheme is { } scheme)
        {
            data["authentication"] = check.AuthenticationPackage is { } package ? $"{scheme} ({package})" : scheme;
        }

        if (!check.Succeeded)
        {
            data["step"] = check.FailedStep?.ToString() ?? "";
            data["reason"] = check.FailureReason ?? "";
            return new HealthCheckResult(failureStatus, $"Exchange connection '{check.ConnectionName}' failed at step {check.FailedStep}: {check.FailureReason}", check.Error, data);
        }

        // The check's own SendAsNotProven (its Sender step resolved another mailbox) is reported under this package's code, and
        // dropped with WarnWhenSenderDiffersFromAccount = false; the settings-only comparison covers a check that did not tell.
        var warnings = check.Warnings.Where(w => w.Code != ExchangeSendWarning.SendAsNotProven).Select(w => (w.Code, w.Message)).ToList();
        if (options.WarnWhenSenderDiffersFromAccount)
        {
            if (check.Warnings.FirstOrDefault(w => w.Code == ExchangeSendWarning.SendAsNotProven) is { } unproven)
            {
                warnings.Add((SendAsUnproven, unproven.Message));
            }
            else if (current is not null && !SenderStepTold(check) && SenderDiffersFromAccount(current) is { } sendAs)
            {
                warnings.Add((SendAsUnproven, sendAs));
            }
        }

        if (warnings.Count > 0)
        {
            data["warnings"] = string.Join(", ", warnings.Select(w => w.Code));
            return new HealthCheckResult(HealthStatus.Degraded,
                $"Exchange connection '{check.ConnectionName}' passed every step, with warnings: {string.Join(" ", warnings.Select(w => w.Message))}", null, data);
        }

        return HealthCheckResult.Healthy($"Exchange connection '{check.ConnectionName}' passed every step"
            + (check.ServerVersion is null ? "." : $" (server {check.ServerVersion})."), data);
    }

    /// <summary><see langword="true"/> when the check's Sender step ran (it then warns itself, or found the sender to be the account's
    /// own mailbox, or proved the right with a test message).</summary>
    private static bool SenderStepTold(ExchangeConnectionCheck check) =>
        check.Steps.Any(s => s.Step == ExchangeConnectionCheckStep.Sender && s.Status == ExchangeConnectionCheckStatus.Passed);

    /// <summary>Why Send As is unproven, when the account is named as an address and the sender address is another one.</summary>
    private static string? SenderDiffersFromAccount(ExchangeConnectionOptions o)
    {
        if (o.Disabled || o.AuthenticationStrategy is not null || o.AuthenticationType == ExchangeAuthenticationType.None)
        {
            return null;
        }

        var account = o.UserName;
        if (string.IsNullOrEmpty(account) || account.Contains('\\', StringComparison.Ordinal) || !account.Contains('@', StringComparison.Ordinal)
            || string.Equals(account, o.SenderAddress, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"SenderAddress '{o.SenderAddress}' is not the account '{account}': sending as it needs the Send As permission, which the "
            + "connection check cannot prove (it reads the account's own Sent Items); without it every send fails with ErrorSendAsDenied. "
            + "Send one message to confirm, then set WarnWhenSenderDiffersFromAccount to false, or set SenderAddress to the account's own address.";
    }
}
