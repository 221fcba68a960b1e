using System.Diagnostics;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// The connection check (<see cref="IExchangeMailSender.TestConnectionAsync(CancellationToken)"/>): one GetFolder of Sent Items proves the
/// endpoint, the credentials, the <c>RequestServerVersion</c> and the mailbox at once; what failed decides, through one
/// table, which step failed, which passed before it and which were skipped. Then the Sender step: a <c>SenderAddress</c>
/// that is not the account's own mailbox is resolved (ResolveNames) and, unless a test message proves it
/// (<see cref="ExchangeConnectionCheckOptions.SendTestMessage"/>), Send As is reported unproven. The server's
/// <c>ServerVersionInfo</c> gives the recommended version and the version warnings (<see cref="ServerVersionMapping"/>).
/// </summary>
internal static class ConnectionCheck
{
    private static readonly ExchangeConnectionCheckStep[] NetworkSteps =
        [ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStep.Mailbox,
            ExchangeConnectionCheckStep.Sender];

    /// <summary>Sends the test message through the sender's own send path (<see cref="ExchangeConnectionCheckOptions.SendTestMessage"/>).</summary>
    public delegate Task<ExchangeSendResult> SendTest(ExchangeMailMessage message, CancellationToken cancellationToken);

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

    public static async Task<ExchangeConnectionCheck> RunAsync(EwsConnection connection, MessageFormatSelector formats, ExchangeConnectionCheckOptions options,
        SendTest send, CancellationToken cancellationToken)
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
        serverVersion ??= (error as ExchangeServiceException)?.ServerVersion;
        var warnings = new List<ExchangeSendWarning>(ExchangeConnectionWarnings.For(connection.Options));
        var (format, formatReason) = formats.Resolve();
        var recommended = ServerVersionMapping.Recommend(serverVersion ?? transport.Server.Version);
        VersionWarnings(connection, serverVersion ?? transport.Server.Version, recommended, format, warnings);
        SenderOutcome? sender = null;
        if (failedAt is null)
        {
            sender = await CheckSenderAsync(connection, options, send, warnings, cancellationToken).ConfigureAwait(false);
            error = sender.Error;
        }

        var steps = new List<ExchangeConnectionCheckStepResult> { new(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStatus.Passed, "The connection is enabled.") };
        foreach (var step in NetworkSteps)
        {
            steps.Add(step == ExchangeConnectionCheckStep.Sender && sender is not null ? sender.Result
                : failedAt is { } failed && step > failed ? Skipped(step)
                : step == failedAt ? new(step, ExchangeConnectionCheckStatus.Failed, error!.Message)
                : new(step, ExchangeConnectionCheckStatus.Passed, Passed(step, connection, serverVersion, authentication, failedAt)));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var schemes = offered.Count > 0 ? offered : authentication?.OfferedSchemes is { Count: > 0 } seen ? seen : transport.LastOfferedSchemes;
        var check = new ExchangeConnectionCheck(connection.Name, transport.Endpoint, steps, serverVersion, error, elapsed, schemes)
        {
            AuthenticationScheme = authentication?.Succeeded == true ? authentication.Scheme : null,
            AuthenticationPackage = authentication?.Succeeded == true ? authentication.Package : null,
            Server = transport.Server.Product,
            MessageFormat = format,
            MessageFormatReason = formatReason,
            Warnings = warnings,
            RecommendedVersion = recommended,
            RequestedVersion = transport.Version,
            TestMessageId = sender?.TestMessageId,
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
        ExchangeConnectionCheckStep.Version => connection.Transport.StepDown is { } down
            ? $"The server accepts RequestServerVersion {connection.Transport.Version} (it refused {down.From}; AllowVersionFallback stepped the connection down)."
            : $"The server accepts RequestServerVersion {connection.Transport.Version}.",
        _ => "The account's Sent Items folder is accessible.",
    };

    /// <summary>Version newer than the server's, older than attachments inside CreateItem need, or stepped down.</summary>
    private static void VersionWarnings(EwsConnection connection, ExchangeServerVersionInfo? server, ExchangeVersion? recommended, ExchangeMessageFormat format,
        List<ExchangeSendWarning> warnings)
    {
        var version = connection.Transport.Version;
        const string Field = nameof(ExchangeConnectionOptions.Version);
        if (connection.Transport.StepDown is { } down)
        {
            warnings.Add(new(ExchangeSendWarning.VersionSteppedDown, Field,
                $"The server refused Version {down.From} (ErrorInvalidServerVersion"
                + (down.ServerVersion is null ? ", no ServerVersionInfo" : $", server {down.ServerVersion}")
                + $"); AllowVersionFallback stepped the connection down to {down.To} for this sender's lifetime. Set Version to {down.To}."));
        }

        if (recommended is not { } best)
        {
            return;
        }

        if (version > best)
        {
            warnings.Add(new(ExchangeSendWarning.VersionNewerThanServer, Field,
                $"Version {version} is newer than the server supports: its ServerVersionInfo {server} maps to {best}, and a server may refuse a newer "
                + $"RequestServerVersion (ErrorInvalidServerVersion). Set Version to {best}."));
        }
        else if (!EwsNames.SupportsAttachmentsInCreateItem(version) && EwsNames.SupportsAttachmentsInCreateItem(best) && format == ExchangeMessageFormat.Items)
        {
            warnings.Add(new(ExchangeSendWarning.VersionWithoutAttachmentsInCreateItem, Field,
                $"Version {version} is older than Exchange2010_SP2, so a message with attachments takes three kinds of call (CreateItem SaveOnly + CreateAttachment "
                + $"+ SendItem) where one CreateItem would do, and leaves a draft behind if it fails midway; the server (ServerVersionInfo {server}) supports {best}. "
                + $"Set Version to {best}."));
        }
    }

    /// <summary>What the Sender step found, and the error that failed it.</summary>
    private sealed record SenderOutcome(ExchangeConnectionCheckStepResult Result, ExchangeException? Error = null, string? TestMessageId = null);

    /// <summary>
    /// The account's own mailbox, as far as the settings tell it without a request: the impersonated user when
    /// <c>ImpersonatedUser</c> is an SMTP address (requests act as that mailbox), else <c>UserName</c> when it is an address
    /// (<c>user@domain</c>: Exchange Online and gromox log on with the primary SMTP address; on-premises it is the UPN, which
    /// is usually but not always the primary address). <see langword="null"/> for <c>DOMAIN\user</c>, no user name (default
    /// credentials, a custom strategy) or an impersonated UPN or SID.
    /// </summary>
    internal static string? AccountMailbox(ExchangeConnectionOptions options)
    {
        if (!string.IsNullOrEmpty(options.ImpersonatedUser))
        {
            return options.ImpersonatedUserIdType == ExchangeConnectingIdType.SmtpAddress ? options.ImpersonatedUser : null;
        }

        return options.UserName is { } user && user.Contains('@', StringComparison.Ordinal) && !user.Contains('\\', StringComparison.Ordinal) ? user : null;
    }

    private static async Task<SenderOutcome> CheckSenderAsync(EwsConnection connection, ExchangeConnectionCheckOptions options, SendTest send,
        List<ExchangeSendWarning> warnings, CancellationToken cancellationToken)
    {
        var sender = connection.Options.SenderAddress;
        // The settings first; else what the authentication can tell (a delegated bearer token names its user).
        var account = AccountMailbox(connection.Options) ?? (string.IsNullOrEmpty(connection.Options.ImpersonatedUser) ? connection.Transport.Strategy.AccountAddress : null);
        var own = account is not null && string.Equals(account, sender, StringComparison.OrdinalIgnoreCase);
        var who = !string.IsNullOrEmpty(connection.Options.ImpersonatedUser) ? $"impersonated user '{connection.Options.ImpersonatedUser}'" : connection.AccountText;
        string found;
        if (own)
        {
            found = $"SenderAddress '{sender}' is the {(string.IsNullOrEmpty(connection.Options.ImpersonatedUser) ? "account's" : "impersonated user's")} own mailbox; no Send As right is needed.";
        }
        else if (account is null && !options.SendTestMessage)
        {
            // No request: nothing to compare the sender with (default credentials, DOMAIN\user, a custom strategy).
            return new(Passed(ExchangeConnectionCheckStep.Sender,
                $"The account's own mailbox address is not known ({(connection.Options.AuthenticationStrategy is null && connection.Options.AuthenticationType == ExchangeAuthenticationType.Bearer ? "the access token names no user: an app-only token acts through ImpersonatedUser" : string.IsNullOrEmpty(connection.Options.UserName) ? "no UserName" : "UserName is not an address")}), so "
                + $"whether SenderAddress '{sender}' needs Send As was not checked; if it is another mailbox, run the check with SendTestMessage (exchange-send check --send-test) to prove the right."));
        }
        else
        {
            var (resolved, failure) = await ResolveAsync(connection, sender, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                return new(new(ExchangeConnectionCheckStep.Sender, ExchangeConnectionCheckStatus.Failed, failure.Message), failure);
            }

            found = resolved;
            if (!options.SendTestMessage)
            {
                warnings.Add(new(ExchangeSendWarning.SendAsNotProven, nameof(ExchangeConnectionOptions.SenderAddress),
                    $"Send As (or Send on Behalf) on '{sender}' must be granted to {who}; the check did not prove it, and without it every send fails with "
                    + "ErrorSendAsDenied. Run the check with SendTestMessage (exchange-send check --send-test) to prove it with a test message from the sender to itself."));
                return new(Passed(ExchangeConnectionCheckStep.Sender, found + " Send As was not proven (see the SendAsNotProven warning)."));
            }
        }

        if (!options.SendTestMessage)
        {
            return new(Passed(ExchangeConnectionCheckStep.Sender, found));
        }

        var message = new ExchangeMailMessage
        {
            Subject = $"Exchange.Sending connection test ({connection.Name})",
            Body = ExchangeMessageBody.Text($"A test message the connection check of Exchange connection '{connection.Name}' sent from {sender} to itself, "
                + "to prove that the account may send as this address. It can be deleted."),
        };
        message.To.Add(new ExchangeMailbox(sender, connection.Options.SenderName));
        try
        {
            var result = await send(message, cancellationToken).ConfigureAwait(false);
            Log.SendTestSent(connection.Logger, connection.Name, result.InternetMessageId);
            var proven = $" Test message {result.InternetMessageId} from '{sender}' to itself was accepted: {who} may send as '{sender}'.";
            if (connection.Transport.Server.Product == ExchangeServerProduct.Gromox && !own)
            {
                // gromox delivers a MIME message with any From (docs/servers.md): acceptance proves sending, not the right.
                warnings.Add(new(ExchangeSendWarning.SendAsNotProven, nameof(ExchangeConnectionOptions.SenderAddress),
                    $"The server is gromox, which does not check Send As: the test message from '{sender}' was accepted, but that proves only that sending works."));
                proven = $" Test message {result.InternetMessageId} from '{sender}' to itself was accepted; gromox does not check Send As, so the right is not proven.";
            }

            return new(Passed(ExchangeConnectionCheckStep.Sender, found + proven), null, result.InternetMessageId);
        }
        catch (ExchangeException ex)
        {
            // A lost answer does not mean "not sent": the server may have delivered the test message (the error says how to look it up).
            var what = ex.OutcomeUnknown ? "The test message may or may not have been sent (its outcome is unknown): " : "The test message was not sent: ";
            return new(new(ExchangeConnectionCheckStep.Sender, ExchangeConnectionCheckStatus.Failed, what + ex.Message), ex, ex.InternetMessageId);
        }
    }

    /// <summary>ResolveNames of the sender: its mailbox in words, or the error that fails the step (no such mailbox). A server that
    /// cannot resolve (no ResolveNames, no directory) leaves the sender unproven, not failed.</summary>
    private static async Task<(string Found, ExchangeException? Failure)> ResolveAsync(EwsConnection connection, string sender, CancellationToken cancellationToken)
    {
        try
        {
            var call = await connection.Transport.SendAsync(new ResolveNamesOperation(sender), cancellationToken).ConfigureAwait(false);
            var answer = call.Response.Messages[0];
            // A resolution without an address (no t:Mailbox, an empty t:EmailAddress) names no mailbox and proves nothing.
            var match = answer.Resolutions.FirstOrDefault(m => string.Equals(m.EmailAddress, sender, StringComparison.OrdinalIgnoreCase))
                ?? (answer.Resolutions.Count == 1 && !string.IsNullOrEmpty(answer.Resolutions[0].EmailAddress) ? answer.Resolutions[0] : null);
            if (answer.ResponseCode == "ErrorNameResolutionNoResults" || (answer.IsSuccess && match is null))
            {
                var notFound = new ExchangeServiceException(
                    $"Exchange connection '{connection.Name}': SenderAddress '{sender}' does not resolve to a mailbox (ResolveNames answered {answer.ResponseCode}): "
                    + "no message can be sent as it. Correct SenderAddress, or create the (shared) mailbox.",
                    new ExchangeResponseCode(answer.ResponseCode), connection.Name, call.HttpStatus)
                { Operation = "ResolveNames", ServerMessage = answer.MessageText, Mailbox = sender };
                return ("", notFound);
            }

            if (match is not null)
            {
                return ($"SenderAddress '{sender}' resolves to the mailbox {(string.IsNullOrEmpty(match.Name) ? "" : $"'{match.Name}' ")}<{match.EmailAddress}>.", null);
            }

            return ($"SenderAddress '{sender}' could not be resolved (ResolveNames answered {answer.ResponseCode}).", null);
        }
        catch (ExchangeException ex) when (ex is ExchangeServiceException or ExchangeTransportException)
        {
            return ($"SenderAddress '{sender}' could not be resolved ({(ex as ExchangeServiceException)?.ResponseCode.ToString() ?? "no answer"}: the server may not implement ResolveNames).", null);
        }
    }

    private static ExchangeConnectionCheckStepResult Passed(ExchangeConnectionCheckStep step, string detail) => new(step, ExchangeConnectionCheckStatus.Passed, detail);

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
