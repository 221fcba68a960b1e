using System.CommandLine;
using System.CommandLine.Help;
using Exchange.Sending.Cli.Commands;

namespace Exchange.Sending.Cli;

/// <summary>Entry point of <c>exchange-send</c>: send, check and serve. See docs/cli.md.</summary>
internal static class Program
{
    /// <summary>The command name shown in help and usage, whether run with <c>dotnet run</c>, as <c>Exchange.Sending.Cli</c> or as the installed tool.</summary>
    public const string CommandName = "exchange-send";

    public static async Task<int> Main(string[] args)
    {
        // RootCommand takes its name from the executable (Exchange.Sending.Cli) and does not let it be changed, so the
        // root is a plain Command named like the tool (ToolCommandName in the .csproj), with the options RootCommand adds.
        var root = new Command(CommandName, "exchange-send: send e-mail through Microsoft Exchange Web Services (EWS). "
            + "Settings come from appsettings.json, EXCHANGE_SENDING_* environment variables and flags (flags win). "
            + "With no server configured, send and check use the bundled loopback EWS server.")
        {
            new HelpOption(),
            new VersionOption(),
            SendCommand.Create(),
            CheckCommand.Create(),
            LookupCommand.Create(),
            ServeCommand.Create(),
        };
        // Ctrl+C / SIGTERM cancel the action's token (serve stops cleanly; send reports "Cancelled."). System.CommandLine
        // 2.0.0 only installs its termination handler when a timeout is configured explicitly.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
        return await root.Parse(args).InvokeAsync(invocation);
    }
}
