using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Exchange.Sending.Cli;

/// <summary>The service container of one command: library logs on stderr with --verbose (none otherwise) and the configured connections.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(CliConfiguration configuration, bool verbose)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            // Without --verbose there is no console logging at all: the command reports a failure itself (CliErrors), so the
            // library's own error log line (event 1004) would only print the same failure twice.
            if (!verbose)
            {
                logging.ClearProviders().SetMinimumLevel(LogLevel.None);
                return;
            }

            logging
                .SetMinimumLevel(LogLevel.Information)
                // Kestrel and ASP.NET Core are chatty at Information; keep them at Warning.
                .AddFilter("Microsoft", LogLevel.Warning)
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                });
        });
        // Logs go to stderr so that stdout carries only the command's own output.
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        configuration.AddConnections(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
