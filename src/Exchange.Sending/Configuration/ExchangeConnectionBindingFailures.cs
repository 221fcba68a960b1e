namespace Exchange.Sending;

/// <summary>
/// The binding failures of each connection, keyed by connection name: <see cref="ExchangeConnectionOptionsBinder"/>'s
/// result is recorded here by the connection's configure step and read by <see cref="FluentValidationValidateOptions"/>
/// in the same options build. One instance per service provider.
/// </summary>
/// <remarks>Each build of a connection's options replaces that connection's entry, so it describes the configuration as
/// it was read by the latest build (two builds of the same connection racing across a reload can see each other's entry;
/// both describe that same moment of the configuration but for the keys changed in between).</remarks>
internal sealed class ExchangeConnectionBindingFailures
{
    private readonly Dictionary<string, IReadOnlyList<ExchangeConnectionBindingFailure>> _byConnection = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Replaces what is recorded for a connection (an empty list records a clean binding).</summary>
    public void Record(string connectionName, IReadOnlyList<ExchangeConnectionBindingFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        ArgumentNullException.ThrowIfNull(failures);
        lock (_gate)
        {
            _byConnection[connectionName] = failures;
        }
    }

    /// <summary>The failures recorded for a connection; empty when it was not bound from configuration or bound cleanly.</summary>
    public IReadOnlyList<ExchangeConnectionBindingFailure> For(string connectionName)
    {
        lock (_gate)
        {
            return _byConnection.TryGetValue(connectionName, out var failures) ? failures : [];
        }
    }
}
