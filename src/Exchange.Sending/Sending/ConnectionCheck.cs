using System.Diagnostics;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// The connection check (<see cref="IExchangeMailSender.TestConnectionAsync"/>): one GetFolder of Sent Items proves the
/// endpoint, the credentials, the <c>RequestServerVersion</c> and the mailbox at once; what failed decides, through one
/// table, which step failed, which passed before it and which were skipped.
/// </summary>
internal static class ConnectionCheck
{
    private static readonly ExchangeConnectionCheckStep[] NetworkSteps =
        [ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStep.Mailbox];

    /// <summary>The result for a disabled connection, found without network I/O.</summary>
    public static ExchangeConnectionCheck Disabled(string connectionName)
    {
        var steps = new List<ExchangeConnectionCheckStepResult>
        {
            new(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStatus.Failed, "The connection is disabled; set Disabled to false to use it. Nothing was sent over the network."),
        };
        steps.AddRange(NetworkSteps.Select(Skipped));
        return new ExchangeConnectionCheck(connectionName, null, steps, null, new ExchangeConnectionDisabledException(connectionName), TimeSpan.Zero, []);
    }

    public static async Task<ExchangeConnectionCheck> RunAsync(EwsConnection connection, MessageFormatSelector formats, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var transport = connection.Transport;
        var offered = await ProbeOfferedSchemesAsync(connection, cancellationToken).ConfigureAwait(false);
        ExchangeServerVersionInfo? serverVersion = null;
        ExchangeException? error = null;
        ExchangeAuthenticationReport? authentication = null;
        try
        {
            var call = await transport.SendAsync(new GetFolderOperation("sentitems"), cancellationToken, describeAuthentication: true).ConfigureAwait(false);
            authentication = call.Authentication;
            serverVersion = call.Response.ServerVersion;
            var folder = call.Response.Messages[0];
            if (!folder.IsSuccess)
            {
                error = connection.ServiceError(folder, "GetFolder", call.HttpStatus, null);
            }
        }
        catch (Exception ex) when (ex is ExchangeAuthenticationException or ExchangeServiceException or ExchangeTransportException)
        {
            error = (ExchangeException)ex;
        }

        var failedAt = FailedStep(error);
        var steps = new List<ExchangeConnectionCheckStepResult> { new(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStatus.Passed, "The connection is enabled.") };
        foreach (var step in NetworkSteps)
        {
            steps.Add(failedAt is { } failed && step > failed ? Skipped(step)
                : step == failedAt ? new(step, ExchangeConnectionCheckStatus.Failed, error!.Message)
                : new(step, ExchangeConnectionCheckStatus.Passed, Passed(step, connection, serverVersion, authentication, failedAt)));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var schemes = offered.Count > 0 ? offered : authentication?.OfferedSchemes is { Count: > 0 } seen ? seen : transport.LastOfferedSchemes;
        var (format, formatReason) = formats.Resolve();
        var check = new ExchangeConnectionCheck(connection.Name, transport.Endpoint, steps, serverVersion, error, elapsed, schemes)
        {
            AuthenticationScheme = authentication?.Succeeded == true ? authentication.Scheme : null,
            AuthenticationPackage = authentication?.Succeeded == true ? authentication.Package : null,
            Server = transport.Server.Product,
            MessageFormat = format,
            MessageFormatReason = formatReason,
            Warnings = ExchangeConnectionWarnings.For(connection.Options),
        };
        if (check.Succeeded)
        {
            Log.CheckPassed(connection.Logger, connection.Name, (long)elapsed.TotalMilliseconds, serverVersion?.ToString() ?? "unknown");
        }
        else
        {
            Log.CheckFailed(connection.Logger, connection.Name, check.FailedStep.ToString()!, check.FailureReason ?? "");
        }

        return check;
    }

    /// <summary>The table: what failed → the step it fails. A version the server refuses comes back as one of these codes.</summary>
    private static ExchangeConnectionCheckStep? FailedStep(ExchangeException? error) => error switch
    {
        null => null,
        ExchangeAuthenticationException => ExchangeConnectionCheckStep.Authentication,   // before its base, ExchangeTransportException
        ExchangeTransportException => ExchangeConnectionCheckStep.Endpoint,
        ExchangeServiceException s when s.ResponseCode == ExchangeResponseCode.ErrorInvalidServerVersion || s.ResponseCode == ExchangeResponseCode.ErrorSchemaValidation || s.ResponseCode == ExchangeResponseCode.ErrorIncorrectSchemaVersion => ExchangeConnectionCheckStep.Version,
        _ => ExchangeConnectionCheckStep.Mailbox,
    };

    private static string Passed(ExchangeConnectionCheckStep step, EwsConnection connection, ExchangeServerVersionInfo? version,
        ExchangeAuthenticationReport? authentication, ExchangeConnectionCheckStep? failedAt) => step switch
    {
        ExchangeConnectionCheckStep.Endpoint when failedAt == ExchangeConnectionCheckStep.Authentication =>
            $"{connection.Transport.Endpoint} answered (HTTP 401, authentication required).",
        ExchangeConnectionCheckStep.Endpoint => version is null
            ? $"{connection.Transport.Endpoint} answers EWS."
            : $"{connection.Transport.Endpoint} answers EWS (server {version}).",
        ExchangeConnectionCheckStep.Authentication => $"The server accepted {connection.AccountText}"
            + (authentication?.Scheme is { } scheme ? $" with {scheme}{(authentication.Package is { } package ? " (" + package + ")" : "")}." : "."),
        ExchangeConnectionCheckStep.Version => $"The server accepts RequestServerVersion {connection.Options.Version}.",
        _ => "The account's Sent Items folder is accessible.",
    };

    private static ExchangeConnectionCheckStepResult Skipped(ExchangeConnectionCheckStep step) =>
        new(step, ExchangeConnectionCheckStatus.Skipped, "Not checked because an earlier step failed.");

    /// <summary>For strategies that can (Windows), asks once without credentials so the server's 401 lists every scheme it offers.</summary>
    private static async Task<IReadOnlyList<string>> ProbeOfferedSchemesAsync(EwsConnection connection, CancellationToken cancellationToken)
    {
        using var scope = connection.Transport.Strategy.SuppressCredentials();
        if (scope is null)
        {
            return [];
        }

        try
        {
            await connection.Transport.SendAsync(new GetFolderOperation("sentitems"), cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeAuthenticationException ex)
        {
            return ex.OfferedSchemes;
        }
        catch (ExchangeException)
        {
            // The real request reports endpoint problems.
        }

        return [];
    }
}
