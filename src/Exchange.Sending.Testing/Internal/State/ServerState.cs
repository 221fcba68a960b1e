using System.Collections.Concurrent;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Mutable state shared by the request pipeline and the public <see cref="FakeEwsServer"/> surface.</summary>
internal sealed class ServerState
{
    private readonly object _usersGate = new();
    private readonly List<FakeEwsUser> _users;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _sendAs = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _sentGate = new();
    private readonly List<FakeEwsSentMessage> _sent = [];
    private readonly object _faultGate = new();
    private readonly List<(FakeEwsFault Fault, string? Operation)> _faults = [];
    private readonly object _requestGate = new();
    private readonly List<FakeEwsRequest> _requests = [];
    private TaskCompletionSource _sentSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waitCursor;
    private long _sequence;

    public ServerState(FakeEwsServerOptions options)
    {
        Options = options;
        _users = [.. options.Users];
        Store = new MailStore(options.TimeProvider);
    }

    public FakeEwsServerOptions Options { get; }

    public MailStore Store { get; }

    public FakeEwsCounters Counters { get; } = new();

    public IReadOnlyList<FakeEwsUser> Users
    {
        get
        {
            lock (_usersGate)
            {
                return _users.ToArray();
            }
        }
    }

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void AddUser(FakeEwsUser user)
    {
        lock (_usersGate)
        {
            _users.Add(user);
        }
    }

    public FakeEwsUser? FindUserByAddress(string address) =>
        Users.FirstOrDefault(u => string.Equals(u.Address, address, StringComparison.OrdinalIgnoreCase));

    public void GrantImpersonation(string user, string? target) =>
        _impersonation.GetOrAdd(user, _ => new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase))[target ?? "*"] = true;

    public bool MayImpersonate(string? caller, string target) =>
        caller is not null && _impersonation.TryGetValue(caller, out var grants) && (grants.ContainsKey("*") || grants.ContainsKey(target));

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _impersonation = new(StringComparer.OrdinalIgnoreCase);

    public void GrantSendAs(string user, string sendAs) =>
        _sendAs.GetOrAdd(user, _ => new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase))[sendAs] = true;

    public bool MaySendAs(string? caller, string? from)
    {
        if (caller is null || string.IsNullOrEmpty(from) || string.Equals(caller, from, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return _sendAs.TryGetValue(caller, out var grants) && grants.ContainsKey(from);
    }

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _sendOnBehalf = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _mailboxAccess = new(StringComparer.OrdinalIgnoreCase);

    public void GrantSendOnBehalf(string user, string mailbox) =>
        _sendOnBehalf.GetOrAdd(user, _ => new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase))[mailbox] = true;

    public bool MaySendOnBehalf(string? caller, string? from) =>
        caller is not null && !string.IsNullOrEmpty(from) && _sendOnBehalf.TryGetValue(caller, out var grants) && grants.ContainsKey(from);

    public void GrantMailboxAccess(string user, string mailbox) =>
        _mailboxAccess.GetOrAdd(user, _ => new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase))[mailbox] = true;

    /// <summary>Whether the caller may create items in another mailbox's folders (Full Access); its own always, an unknown caller always.</summary>
    public bool MayAccessMailbox(string? caller, string mailbox) =>
        caller is null || string.Equals(caller, mailbox, StringComparison.OrdinalIgnoreCase)
        || (_mailboxAccess.TryGetValue(caller, out var grants) && grants.ContainsKey(mailbox));

    public void RejectRecipient(string address, string code) => _rejected[address] = code;

    public string? RejectionFor(string address) => _rejected.GetValueOrDefault(address);

    public void AddSent(FakeEwsSentMessage message)
    {
        TaskCompletionSource signal;
        lock (_sentGate)
        {
            _sent.Add(message);
            signal = _sentSignal;
            _sentSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    public IReadOnlyList<FakeEwsSentMessage> Sent
    {
        get
        {
            lock (_sentGate)
            {
                return _sent.ToArray();
            }
        }
    }

    /// <summary>Forgets sent messages and the request log (users, grants, faults and stored folders stay).</summary>
    public void ClearHistory()
    {
        lock (_sentGate)
        {
            _sent.Clear();
            _waitCursor = 0;
        }

        lock (_requestGate)
        {
            _requests.Clear();
        }
    }

    public async Task<FakeEwsSentMessage> WaitForMessageAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        while (true)
        {
            Task signal;
            lock (_sentGate)
            {
                if (_waitCursor < _sent.Count)
                {
                    return _sent[_waitCursor++];
                }

                signal = _sentSignal.Task;
            }

            try
            {
                await signal.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                int total;
                lock (_sentGate)
                {
                    total = _sent.Count;
                }

                var last = Requests.Count > 0 ? Requests[^1] : null;
                var lastText = last is null
                    ? "no request has arrived at all"
                    : $"the last request was {last.Operation ?? last.Method} → HTTP {last.HttpStatus} {last.ResponseCode}";
                throw new TimeoutException(
                    $"No new message reached the fake EWS server within {timeout.TotalMilliseconds:0} ms " +
                    $"({total} message(s) sent so far, all already returned by earlier waits; {lastText}).");
            }
        }
    }

    public void EnqueueFault(FakeEwsFault fault, string? operation)
    {
        lock (_faultGate)
        {
            _faults.Add((fault, operation));
        }
    }

    /// <summary>Before the body is read: the first fault that applies to this request, if it acts before the body.</summary>
    public FakeEwsFault? TakeBeforeBody(string? soapActionOperation)
    {
        lock (_faultGate)
        {
            var index = _faults.FindIndex(f => f.Operation is null || string.Equals(f.Operation, soapActionOperation, StringComparison.OrdinalIgnoreCase));
            if (index < 0 || !_faults[index].Fault.BeforeBody)
            {
                return null;
            }

            var fault = _faults[index].Fault;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    /// <summary>After the body is parsed: the first fault that applies to this operation.</summary>
    public FakeEwsFault? TakeAfterBody(string? operation)
    {
        lock (_faultGate)
        {
            var index = _faults.FindIndex(f => f.Operation is null || string.Equals(f.Operation, operation, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return null;
            }

            var fault = _faults[index].Fault;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    public void AddRequest(FakeEwsRequest request)
    {
        lock (_requestGate)
        {
            _requests.Add(request);
        }
    }

    private int _finishing;

    /// <summary>A request's outcome may be visible to the client (response started, connection dropped) before its record is logged.</summary>
    public void BeginFinishing() => Interlocked.Increment(ref _finishing);

    public void EndFinishing() => Interlocked.Decrement(ref _finishing);

    /// <summary>The request log; it first waits (up to 250 ms) for requests whose outcome the client may already have
    /// seen, so that a test reading it right after a send finds that send's request (it used to race the handler's
    /// last lines).</summary>
    public IReadOnlyList<FakeEwsRequest> Requests
    {
        get
        {
            SpinWait.SpinUntil(() => Volatile.Read(ref _finishing) == 0, TimeSpan.FromMilliseconds(250));
            lock (_requestGate)
            {
                return _requests.OrderBy(r => r.Sequence).ToArray();
            }
        }
    }
}
