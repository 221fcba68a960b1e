namespace Exchange.Sending.HealthChecks;

/// <summary>The last connection check of each connection and the one running, shared by every health check instance of a
/// service provider (<see cref="Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService"/> creates a new
/// <see cref="ExchangeConnectionHealthCheck"/> for each run, so the state cannot live there).</summary>
internal sealed class ExchangeConnectionHealthCache(TimeProvider time)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>A check of <paramref name="sender"/> no older than <paramref name="minimumInterval"/>, the one running, or a
    /// new one. The check itself is not cancelled by <paramref name="cancellationToken"/> (other probes may wait for it;
    /// the connection's <c>RequestTimeout</c> bounds it): only this caller's wait is.</summary>
    public Task<ExchangeCachedCheck> GetAsync(string connectionName, IExchangeMailSender sender, TimeSpan minimumInterval, CancellationToken cancellationToken)
    {
        TaskCompletionSource<ExchangeCachedCheck> started;
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(connectionName, out entry!))
            {
                entry = new Entry();
                _entries.Add(connectionName, entry);
            }

            if (entry.Running is { } running && ReferenceEquals(entry.RunningSender, sender))
            {
                return running.Task.WaitAsync(cancellationToken);
            }

            if (entry.Last is { } last && ReferenceEquals(last.Sender, sender) && time.GetUtcNow() - last.CheckedAt < minimumInterval)
            {
                return Task.FromResult(last with { FromCache = true });
            }

            started = new TaskCompletionSource<ExchangeCachedCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
            entry.Running = started;
            entry.RunningSender = sender;
        }

        // Outside the lock: a check that completes synchronously (a disabled connection) must find Running already set.
        _ = Task.Run(() => RunAsync(entry, sender, started), CancellationToken.None);
        return started.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(Entry entry, IExchangeMailSender sender, TaskCompletionSource<ExchangeCachedCheck> started)
    {
        try
        {
            var check = await sender.TestConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            var result = new ExchangeCachedCheck(check, time.GetUtcNow(), sender, FromCache: false);
            lock (_gate)
            {
                entry.Last = result;
                Clear(entry, started);
            }

            started.TrySetResult(result);
        }
#pragma warning disable CA1031 // whatever the check threw goes to the probes waiting for it; nothing is cached
        catch (Exception ex)
#pragma warning restore CA1031
        {
            lock (_gate)
            {
                Clear(entry, started);
            }

            started.TrySetException(ex);
        }
    }

    private static void Clear(Entry entry, TaskCompletionSource<ExchangeCachedCheck> started)
    {
        if (ReferenceEquals(entry.Running, started))
        {
            entry.Running = null;
            entry.RunningSender = null;
        }
    }

    private sealed class Entry
    {
        public ExchangeCachedCheck? Last;
        public TaskCompletionSource<ExchangeCachedCheck>? Running;
        public IExchangeMailSender? RunningSender;
    }
}

/// <summary>One connection check, when it finished and which sender it checked.</summary>
internal sealed record ExchangeCachedCheck(ExchangeConnectionCheck Check, DateTimeOffset CheckedAt, IExchangeMailSender Sender, bool FromCache);
