using System.Collections.Concurrent;

namespace Exchange.Sending.Transport;

/// <summary>
/// The token of one request: cancelled by the caller's token, by the transport's disposal, or after RequestTimeout. A small
/// request takes a <see cref="CancellationTokenSource"/> kept from an earlier one (reset with
/// <see cref="CancellationTokenSource.TryReset"/>), because a linked source with its own timer cost about 370 bytes and a timer
/// registration per send (issue 10). A large request, whose body may still be read after the answer came, gets a source of its
/// own, as before.
/// </summary>
internal sealed class RequestTimeouts(int capacity)
{
    private readonly ConcurrentQueue<CancellationTokenSource> _free = new();

    /// <summary>Starts the timeout of one request; dispose the lease when the request has ended.</summary>
    public Lease Start(TimeSpan timeout, bool reusable, CancellationToken lifetime, CancellationToken caller)
    {
        if (!reusable)
        {
            var own = CancellationTokenSource.CreateLinkedTokenSource(caller, lifetime);
            own.CancelAfter(timeout);
            return new Lease(this, own, default, default, reusable: false);
        }

        var source = _free.TryDequeue(out var kept) ? kept : new CancellationTokenSource();
        source.CancelAfter(timeout);
        // Registrations on the long-lived lifetime source reuse its freed nodes; a caller token that cannot be cancelled costs nothing.
        var onCaller = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);
        var onLifetime = lifetime.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);
        return new Lease(this, source, onCaller, onLifetime, reusable: true);
    }

    private void Return(CancellationTokenSource source)
    {
        // TryReset fails once the source was cancelled (timed out, or cancelled by the caller or disposal): such a source is not kept.
        if (_free.Count < capacity && source.TryReset())
        {
            _free.Enqueue(source);
        }
        else
        {
            source.Dispose();
        }
    }

    /// <summary>One request's use of a source.</summary>
    public readonly struct Lease(RequestTimeouts owner, CancellationTokenSource source, CancellationTokenRegistration onCaller,
        CancellationTokenRegistration onLifetime, bool reusable) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            if (!reusable)
            {
                source.Dispose();
                return;
            }

            // Disposing a registration waits for its callback if it is running: after these two, nothing cancels the source.
            onCaller.Dispose();
            onLifetime.Dispose();
            owner.Return(source);
        }
    }
}
