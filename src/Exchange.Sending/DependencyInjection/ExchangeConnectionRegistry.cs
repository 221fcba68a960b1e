namespace Exchange.Sending;

/// <summary>The names of the connections registered in a service collection, in registration order.</summary>
internal sealed class ExchangeConnectionRegistry
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool Contains(string name) => _names.Contains(name, StringComparer.Ordinal);

    public void Add(string name) => _names.Add(name);
}
