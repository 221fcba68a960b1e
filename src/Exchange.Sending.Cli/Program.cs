using System.CommandLine;
using Exchange.Sending.Cli.Commands;

namespace Exchange.Sending.Cli;

/// <summary>Entry point of <c>exchange-send</c>: send, check and serve. See docs/cli.md.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("exchange-send: send e-mail through Microsoft Exchange Web Services (EWS). "
            + "Settings come from appsettings.json, EXCHANGE_SENDING_* environment variables and flags (flags win). "
            + "With no server configured, send and check use the bundled loopback EWS server.")
        {
            SendCommand.Create(),
            CheckCommand.Create(),
            ServeCommand.Create(),
        };
        // Ctrl+C / SIGTERM cancel the action's token (serve stops cleanly; send reports "Cancelled."). System.CommandLine
        // 2.0.0 only installs its termination handler when a timeout is configured explicitly.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
        return await root.Parse(args).InvokeAsync(invocation);
    }
}
