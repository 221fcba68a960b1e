using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Cli;

/// <summary>
/// <c>--log-file</c>: appends the library's log lines (the connection's category, Exchange.Sending.Connection.{name}, and
/// the sender factory's) to a file, one line per event: UTC time, level, category, event id, message, then the exception
/// if any. What reaches it is what the connection's LogMode lets through (Full, ErrorsOnly, Off), as for any provider;
/// the library's events hold no password, body or header value. Small on purpose: a host would use its own file sink.
/// </summary>
[ProviderAlias("File")]
internal sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    public FileLoggerProvider(string path)
    {
        var full = Path.GetFullPath(path);
        // No Directory.CreateDirectory: LogFilePath refused a missing directory while the command line was parsed.
        // Appended, readable by others while open (tail -f), flushed per line so that a crash loses nothing written.
        _writer = new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    private static string LevelText(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {LevelText(logLevel)} {category}[{eventId.Id}] {formatter(state, exception)}");
            provider.Write(exception is null ? line : line + Environment.NewLine + exception);
        }
    }
}
