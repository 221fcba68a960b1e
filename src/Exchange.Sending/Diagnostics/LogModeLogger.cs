using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Sending.Diagnostics;

/// <summary>Applies a connection's <see cref="ExchangeLogMode"/> in front of the host's logger: Full passes everything,
/// ErrorsOnly passes warnings and errors, Off passes nothing.</summary>
internal sealed class LogModeLogger(ILogger inner, LogLevel minimum) : ILogger
{
    public static ILogger Create(ILogger inner, ExchangeLogMode mode) => mode switch
    {
        ExchangeLogMode.Full => inner,
        ExchangeLogMode.ErrorsOnly => new LogModeLogger(inner, LogLevel.Warning),
        _ => NullLogger.Instance,
    };

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
