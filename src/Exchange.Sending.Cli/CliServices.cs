using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Exchange.Sending.Cli;

/// <summary>The service container of one command: console logging to stderr and the configured connections.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(CliConfiguration configuration, bool verbose)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
            // Kestrel and ASP.NET Core (the bundled server) are chatty at Information; keep them at Warning.
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }));
        // Logs go to stderr so that stdout carries only the command's own output.
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        configuration.AddConnections(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
