using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Exchange.Sending.Cli;

/// <summary>The service container of one command: library logs on stderr with --verbose, to a file with --log-file (none otherwise), and the configured connections.</summary>
internal static class CliServices
{
    public static ServiceProvider Build(CliConfiguration configuration, bool verbose, string? logFile = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            if (logFile is not null)
            {
                // --log-file: the connection's lines (Exchange.Sending.Connection.<name>) and the sender factory's (reloads), at
                // Information and above, with or without --verbose; the connection's LogMode decides first what is written at all.
                logging.SetMinimumLevel(LogLevel.Information)
                    .AddFilter<FileLoggerProvider>(null, LogLevel.None)
                    .AddFilter<FileLoggerProvider>(ExchangeSendingDiagnostics.ConnectionLogCategoryPrefix.TrimEnd('.'), LogLevel.Information)
                    .AddFilter<FileLoggerProvider>("Exchange.Sending.ExchangeMailSenderFactory", LogLevel.Information);
                logging.Services.AddSingleton<ILoggerProvider>(_ => new FileLoggerProvider(logFile));
            }

            // Without --verbose there is no console logging at all: the command reports a failure itself (CliErrors), so the
            // library's own error log line (event 1004) would only print the same failure twice.
            if (!verbose)
            {
                if (logFile is null)
                {
                    logging.SetMinimumLevel(LogLevel.None);
                }

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
