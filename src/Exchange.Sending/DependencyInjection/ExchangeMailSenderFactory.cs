using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Sending;

/// <summary>Creates one <see cref="ExchangeMailSender"/> per connection name, lazily, and disposes them with the container.</summary>
internal sealed class ExchangeMailSenderFactory(ExchangeConnectionRegistry registry, IOptionsMonitor<ExchangeConnectionOptions> options, ILoggerFactory? loggerFactory = null)
    : IExchangeMailSenderFactory, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ExchangeMailSender>> _senders = new(StringComparer.Ordinal);

    public IReadOnlyList<string> ConnectionNames => registry.Names;

    public IExchangeMailSender Get(string connectionName)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        if (!registry.Contains(connectionName))
        {
            throw new ArgumentException(
                $"No Exchange connection is registered as '{connectionName}'. Registered: {(registry.Names.Count == 0 ? "none" : string.Join(", ", registry.Names))}.",
                nameof(connectionName));
        }

        return _senders.GetOrAdd(connectionName, name => new Lazy<ExchangeMailSender>(() => new ExchangeMailSender(options.Get(name), loggerFactory))).Value;
    }

    public void Dispose()
    {
        foreach (var sender in _senders.Values.Where(s => s.IsValueCreated))
        {
            sender.Value.Dispose();
        }
    }
}
