using System.CommandLine;

namespace Exchange.Sending.Cli.Commands;

/// <summary><c>exchange-send check</c>: runs the connection check step by step (with <c>--send-test</c>, proving Send As with a
/// test message from the sender to itself). Exit 0 when every step passed, 2 when one failed.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var connection = new ConnectionFlagOptions();
        var sendTest = new Option<bool>("--send-test")
        {
            Description = "Prove that the account may send as the sender address: send one small test message from the sender address to itself. Without it, a sender that is not the account's own mailbox is only resolved, and a warning says Send As is not proven.",
        };
        var command = new Command("check", "Check a connection: endpoint answers EWS, authentication, version accepted, Sent Items reachable, the sender address (Send As). Exit code 0 when it passed, 2 when not. With no server configured it checks the bundled loopback server.");
        connection.AddTo(command);
        command.Options.Add(sendTest);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await RunAsync(connection.Read(result), new ExchangeConnectionCheckOptions { SendTestMessage = result.GetValue(sendTest) },
                    result.InvocationConfiguration.Output, cancellationToken);
            }
            catch (Exception ex)
            {
                return CliErrors.Report(ex, result.InvocationConfiguration.Error);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ConnectionFlags flags, ExchangeConnectionCheckOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var configuration = CliConfiguration.Build(flags);
        BundledServer? server = null;
        try
        {
            if (configuration.UseBundledServer)
            {
                server = await BundledServer.StartForConnectionAsync(configuration, flags, cancellationToken);
                output.WriteLine(flags.Bundled
                    ? "--bundled: this checks the bundled loopback EWS server, not the configured server."
                    : "No Exchange server is configured, so this checks the bundled loopback EWS server. Use --server-url or appsettings.json to check a real one.");
                output.WriteLine(server.Describe());
                output.WriteLine(server.DescribeMailbox());
                configuration = configuration.With(server.ConnectionSettings());
            }

            using var services = CliServices.Build(configuration, flags.Verbose, flags.LogFile);
            var sender = configuration.CreateSender(services);
            var check = await sender.TestConnectionAsync(options, cancellationToken);
            Print(check, output);
            return check.Succeeded ? ExitCodes.Success : ExitCodes.CheckFailed;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static void Print(ExchangeConnectionCheck check, TextWriter output)
    {
        output.WriteLine($"Connection '{check.ConnectionName}' -> {check.Endpoint?.ToString() ?? "(no endpoint)"}");
        foreach (var step in check.Steps)
        {
            var mark = step.Status switch
            {
                ExchangeConnectionCheckStatus.Passed => "ok  ",
                ExchangeConnectionCheckStatus.Failed => "FAIL",
                _ => "skip",
            };
            output.WriteLine($"  [{mark}] {step.Step,-14} {step.Detail}");
        }

        if (check.ServerVersion is { } version)
        {
            output.WriteLine($"  Server version: {version}"
                + (check.RecommendedVersion is { } best ? $"; best Version for it: {best} (this connection sends {check.RequestedVersion})" : ""));
        }

        if (check.TestMessageId is { } testMessage)
        {
            var sent = check.Steps.FirstOrDefault(s => s.Step == ExchangeConnectionCheckStep.Sender)?.Status == ExchangeConnectionCheckStatus.Passed;
            output.WriteLine($"  Test message: {testMessage} ("
                + (sent ? "sent" : check.Error?.OutcomeUnknown == true ? "outcome unknown: look it up (exchange-send lookup) before sending it again" : "not sent") + ")");
        }

        if (check.OfferedAuthenticationSchemes.Count > 0)
        {
            output.WriteLine($"  Offered authentication: {string.Join(", ", check.OfferedAuthenticationSchemes)}");
        }

        if (check.MessageFormatReason is { } reason)
        {
            output.WriteLine($"  Server: {check.Server}; messages travel as {check.MessageFormat}. {reason}");
        }

        foreach (var warning in check.Warnings)
        {
            output.WriteLine($"  Warning ({warning.Field}): {warning.Message}");
        }

        output.WriteLine(check.Succeeded
            ? $"Passed in {check.Elapsed.TotalMilliseconds:N0} ms."
            : $"FAILED at {check.FailedStep}: {check.FailureReason}");
    }
}
