using System.Collections.Concurrent;

namespace Exchange.Sending.Testing;

/// <summary>Thread-safe counters of one server, overall and per TCP connection.</summary>
public sealed class FakeEwsCounters
{
    private readonly ConcurrentDictionary<string, FakeEwsConnectionCounters> _connections = new(StringComparer.Ordinal);
    private long _requests;
    private long _unauthorized;
    private long _bodyBytes;

    /// <summary>HTTP requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>HTTP 401 responses sent.</summary>
    public long Unauthorized401 => Interlocked.Read(ref _unauthorized);

    /// <summary>Distinct TCP connections that sent at least one request.</summary>
    public long Connections => _connections.Count;

    /// <summary>Request body bytes read from the wire (including bodies drained on 401 legs).</summary>
    public long BodyBytesReceived => Interlocked.Read(ref _bodyBytes);

    /// <summary>Ids of the connections seen, in no particular order.</summary>
    public IReadOnlyCollection<string> ConnectionIds => _connections.Keys.ToArray();

    /// <summary>The counters of one connection (zeros for an unknown id).</summary>
    /// <param name="connectionId">A <see cref="FakeEwsRequest.ConnectionId"/>.</param>
    /// <returns>The counters.</returns>
    public FakeEwsConnectionCounters ForConnection(string connectionId) =>
        _connections.TryGetValue(connectionId, out var c) ? c : new FakeEwsConnectionCounters(connectionId);

    internal FakeEwsConnectionCounters Connection(string connectionId) =>
        _connections.GetOrAdd(connectionId, id => new FakeEwsConnectionCounters(id));

    internal void AddRequest(FakeEwsConnectionCounters connection)
    {
        Interlocked.Increment(ref _requests);
        connection.AddRequest();
    }

    internal void AddUnauthorized(FakeEwsConnectionCounters connection)
    {
        Interlocked.Increment(ref _unauthorized);
        connection.AddUnauthorized();
    }

    internal void AddBodyBytes(FakeEwsConnectionCounters connection, long bytes)
    {
        Interlocked.Add(ref _bodyBytes, bytes);
        connection.AddBodyBytes(bytes);
    }
}

/// <summary>Counters of one TCP connection.</summary>
public sealed class FakeEwsConnectionCounters
{
    private long _requests;
    private long _unauthorized;
    private long _bodyBytes;

    internal FakeEwsConnectionCounters(string connectionId) => ConnectionId = connectionId;

    /// <summary>Kestrel's connection id.</summary>
    public string ConnectionId { get; }

    /// <summary>Requests on this connection.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>401 responses on this connection.</summary>
    public long Unauthorized401 => Interlocked.Read(ref _unauthorized);

    /// <summary>Request body bytes read on this connection.</summary>
    public long BodyBytesReceived => Interlocked.Read(ref _bodyBytes);

    /// <summary>Address of the user authenticated and persisted on this connection, if any.</summary>
    public string? AuthenticatedUser { get; internal set; }

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddUnauthorized() => Interlocked.Increment(ref _unauthorized);

    internal void AddBodyBytes(long bytes) => Interlocked.Add(ref _bodyBytes, bytes);
}
