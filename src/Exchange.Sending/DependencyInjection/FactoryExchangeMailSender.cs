namespace Exchange.Sending;

/// <summary>
/// What <see cref="ExchangeMailSenderFactory"/> hands out: one <see cref="ExchangeMailSender"/> built from one version of a
/// connection's settings, with a count of the calls running on it. Once the factory replaces it (the settings changed) or
/// is disposed, new calls go to the connection's current sender, and the wrapped sender is disposed when its last running
/// call ends.
/// </summary>
internal sealed class FactoryExchangeMailSender(string registrationName, ExchangeMailSender inner, ExchangeMailSenderFactory factory) : IExchangeMailSender
{
    private int _leases = 1; // the factory's own, dropped by Retire
    private int _retired;

    /// <summary>The wrapped sender (for tests).</summary>
    internal ExchangeMailSender Inner => inner;

    /// <summary>Whether the factory has replaced this sender (or was disposed).</summary>
    internal bool IsRetired => Volatile.Read(ref _retired) != 0;

    /// <inheritdoc />
    public string ConnectionName => IsRetired && factory.CurrentOf(registrationName) is { } current ? current.ConnectionName : inner.ConnectionName;

    /// <inheritdoc />
    public Task<ExchangeSendResult> SendAsync(ExchangeMailMessage message, CancellationToken cancellationToken = default) =>
        RunAsync(static (sender, state) => sender.SendAsync(state.message, state.cancellationToken), (message, cancellationToken));

    /// <inheritdoc />
    public Task<ExchangeBatchSendResult> SendAsync(IEnumerable<ExchangeMailMessage> messages, CancellationToken cancellationToken = default) =>
        RunAsync(static (sender, state) => sender.SendAsync(state.messages, state.cancellationToken), (messages, cancellationToken));

    /// <inheritdoc />
    public Task<ExchangeSendResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken = default) =>
        RunAsync(static (sender, state) => sender.SendAsync(state.message, state.cancellationToken), (message, cancellationToken));

    /// <inheritdoc />
    public Task<ExchangeMessageLookup> FindSentMessageAsync(string internetMessageId, ExchangeMessageLookupOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(static (sender, state) => sender.FindSentMessageAsync(state.internetMessageId, state.options, state.cancellationToken), (internetMessageId, options, cancellationToken));

    /// <inheritdoc />
    public Task<ExchangeConnectionCheck> TestConnectionAsync(CancellationToken cancellationToken = default) =>
        RunAsync(static (sender, token) => sender.TestConnectionAsync(token), cancellationToken);

    /// <inheritdoc />
    public Task<ExchangeConnectionCheck> TestConnectionAsync(ExchangeConnectionCheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(static (sender, state) => sender.TestConnectionAsync(state.options, state.cancellationToken), (options, cancellationToken));
    }

    /// <summary>Stops taking new calls and disposes the wrapped sender when the running ones have ended.</summary>
    internal void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>The wrapped sender's name and endpoint; never credentials.</summary>
    public override string ToString() => inner.ToString();

    private async Task<TResult> RunAsync<TResult, TState>(Func<IExchangeMailSender, TState, Task<TResult>> call, TState state)
    {
        if (!TryAcquire())
        {
            // Replaced: the connection's current sender takes the call (ObjectDisposedException once the container is gone).
            return await call(factory.Get(registrationName), state).ConfigureAwait(false);
        }

        try
        {
            return await call(inner, state).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    private bool TryAcquire()
    {
        if (IsRetired)
        {
            return false;
        }

        var leases = Volatile.Read(ref _leases);
        while (leases > 0)
        {
            var seen = Interlocked.CompareExchange(ref _leases, leases + 1, leases);
            if (seen == leases)
            {
                return true;
            }

            leases = seen;
        }

        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            inner.Dispose();
        }
    }
}
