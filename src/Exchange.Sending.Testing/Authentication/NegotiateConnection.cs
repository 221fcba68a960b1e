using System.Net.Security;

namespace Exchange.Sending.Testing;

/// <summary>Handshake state and counters of one TCP connection (kept in the connection's items).</summary>
internal sealed class NegotiateConnection(string id)
{
    private readonly object _gate = new();
    private int _calls;
    private int _challenges;
    private int _handshakesCompleted;
    private int _handshakesFailed;
    private NegotiateAuthenticatedUser? _user;
    private bool _closed;

    public string Id { get; } = id;

    public DateTimeOffset FirstSeen { get; } = DateTimeOffset.UtcNow;

    /// <summary>The handshake in progress (between 401 legs), if any.</summary>
    public NegotiateAuthentication? Pending { get; set; }

    /// <summary>The HTTP scheme of <see cref="Pending"/>.</summary>
    public string? PendingScheme { get; set; }

    public void CountCall() => Interlocked.Increment(ref _calls);

    public void CountChallenge() => Interlocked.Increment(ref _challenges);

    public void CompleteHandshake(NegotiateAuthenticatedUser user)
    {
        Interlocked.Increment(ref _handshakesCompleted);
        Volatile.Write(ref _user, user);
    }

    public void FailHandshake()
    {
        Interlocked.Increment(ref _handshakesFailed);
        Volatile.Write(ref _user, null);
    }

    public void DisposePending()
    {
        lock (_gate)
        {
            Pending?.Dispose();
            Pending = null;
            PendingScheme = null;
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        DisposePending();
    }

    public NegotiateConnectionStatistics Snapshot()
    {
        lock (_gate)
        {
            return new NegotiateConnectionStatistics(Id, FirstSeen, Volatile.Read(ref _calls), Volatile.Read(ref _challenges),
                Volatile.Read(ref _handshakesCompleted), Volatile.Read(ref _handshakesFailed), Volatile.Read(ref _user), !_closed);
        }
    }
}
