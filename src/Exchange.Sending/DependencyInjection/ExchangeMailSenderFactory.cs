using System.Collections.Concurrent;
using Exchange.Sending.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Exchange.Sending;

/// <summary>
/// Creates one <see cref="ExchangeMailSender"/> per connection name, lazily, and replaces it when the connection's change
/// tokens (<see cref="IOptionsChangeTokenSource{TOptions}"/>) fire with different, valid settings. Invalid new settings
/// keep the working sender and are logged. A replaced sender is disposed once its calls in flight have finished; so are
/// all senders when the container is disposed.
/// </summary>
internal sealed partial class ExchangeMailSenderFactory : IExchangeMailSenderFactory, IDisposable
{
    private readonly ExchangeConnectionRegistry _registry;
    private readonly IOptionsFactory<ExchangeConnectionOptions> _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IServiceProvider? _services;
    private readonly IOptionsMonitor<ExchangeHttpPipelineOptions>? _pipelines;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _disposed;

    public ExchangeMailSenderFactory(ExchangeConnectionRegistry registry, IOptionsFactory<ExchangeConnectionOptions> options,
        IEnumerable<IOptionsChangeTokenSource<ExchangeConnectionOptions>> changeTokenSources, ILoggerFactory? loggerFactory = null,
        IServiceProvider? services = null, IOptionsMonitor<ExchangeHttpPipelineOptions>? pipelines = null)
    {
        _services = services;
        _pipelines = pipelines;
        _registry = registry;
        // The factory, not IOptionsMonitor: the monitor's cache may still hold the old value while change callbacks run,
        // and the monitor raises OnChange only for settings that pass validation (it throws for the others).
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory?.CreateLogger("Exchange.Sending.ExchangeMailSenderFactory") ?? NullLogger.Instance;
        foreach (var source in changeTokenSources)
        {
            var name = source.Name ?? Options.DefaultName;
            if (registry.Contains(name))
            {
                var slot = SlotOf(name);
                _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, () => Reload(slot)));
            }
        }
    }

    public IReadOnlyList<string> ConnectionNames => _registry.Names;

    public IExchangeMailSender Get(string connectionName)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_registry.Contains(connectionName))
        {
            throw new ArgumentException(
                $"No Exchange connection is registered as '{connectionName}'. Registered: {(_registry.Names.Count == 0 ? "none" : string.Join(", ", _registry.Names))}.",
                nameof(connectionName));
        }

        var slot = SlotOf(connectionName);
        lock (slot.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (slot.Current is null)
            {
                // Built from the configuration as it is now (throws OptionsValidationException when invalid).
                var options = _options.Create(connectionName);
                slot.Install(new FactoryExchangeMailSender(connectionName, Create(connectionName, options), this), options, _logger);
            }

            return slot.Current!;
        }
    }

    /// <summary>The sender <see cref="Get"/> would return now without building one; <see langword="null"/> when none was built or after disposal.</summary>
    internal FactoryExchangeMailSender? CurrentOf(string connectionName) =>
        !_disposed && _slots.TryGetValue(connectionName, out var slot) ? Volatile.Read(ref slot.Current) : null;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        foreach (var slot in _slots.Values)
        {
            FactoryExchangeMailSender? current;
            lock (slot.Gate)
            {
                current = slot.Current;
                slot.Current = null;
            }

            current?.Retire();
        }
    }

    /// <summary>A sender with the connection's HTTP pipeline (ConfigurePrimaryHttpMessageHandler, AddHttpMessageHandler).</summary>
    private ExchangeMailSender Create(string name, ExchangeConnectionOptions options) =>
        new(options, _loggerFactory, handler: null, _services is null || _pipelines is null ? null : _pipelines.Get(name).ToPipeline(_services));

    private Slot SlotOf(string name) => _slots.GetOrAdd(name, static n => new Slot(n));

    private void Reload(Slot slot)
    {
        FactoryExchangeMailSender? replaced;
        lock (slot.Gate)
        {
            if (_disposed || slot.Current is null)
            {
                return; // nothing handed out yet: the first Get reads the configuration as it is then
            }

            ExchangeConnectionOptions fresh;
            FactoryExchangeMailSender next;
            try
            {
                fresh = _options.Create(slot.Name);
                if (ExchangeConnectionSettings.Same(slot.Options!, fresh))
                {
                    slot.LastRejection = null;
                    return; // another part of the configuration changed
                }

                next = new FactoryExchangeMailSender(slot.Name, Create(slot.Name, fresh), this);
            }
            catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
            {
                // InvalidOperationException: the HTTP pipeline could not be built (a host callback beside trust settings,
                // a CA file gone since validation); the working sender stays, as for invalid settings.
                var failures = ex is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : ex.Message;
                if (!string.Equals(failures, slot.LastRejection, StringComparison.Ordinal))
                {
                    slot.LastRejection = failures;
                    LogReloadRejected(slot.Logger, slot.Name, failures);
                }

                return;
            }

            replaced = slot.Current;
            slot.Install(next, fresh, _logger);
            LogReloaded(slot.Logger, slot.Name);
        }

        replaced.Retire();
    }

    [LoggerMessage(1101, LogLevel.Error, "Exchange connection '{Connection}': the reloaded settings are invalid, so the sender built from the previous settings stays in use. {Failures}")]
    private static partial void LogReloadRejected(ILogger logger, string connection, string failures);

    [LoggerMessage(1102, LogLevel.Information, "Exchange connection '{Connection}': settings changed; new sends use them, sends already running finish with the previous ones")]
    private static partial void LogReloaded(ILogger logger, string connection);

    private sealed class Slot(string name)
    {
        public readonly Lock Gate = new();
        public readonly string Name = name;
        public FactoryExchangeMailSender? Current;
        public ExchangeConnectionOptions? Options;
        public ILogger Logger = NullLogger.Instance;
        public string? LastRejection;

        public void Install(FactoryExchangeMailSender sender, ExchangeConnectionOptions options, ILogger logger)
        {
            Volatile.Write(ref Current, sender);
            Options = options;
            // The factory's own messages follow the working settings' LogMode, like the sender's.
            Logger = LogModeLogger.Create(logger, options.LogMode);
            LastRejection = null;
        }
    }
}
