namespace Exchange.Sending;

/// <summary>Hands out the sender of a named connection. Registered by <c>AddExchangeMailSender</c>; senders are created once per name and reused.</summary>
public interface IExchangeMailSenderFactory
{
    /// <summary>Names of all registered connections.</summary>
    IReadOnlyList<string> ConnectionNames { get; }

    /// <summary>The sender of a connection.</summary>
    /// <param name="connectionName">A registered connection name (case-sensitive, as registered).</param>
    /// <returns>The connection's sender (the same instance every time).</returns>
    /// <exception cref="ArgumentException">No connection has that name; the message lists the registered ones.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The connection's settings are invalid.</exception>
    IExchangeMailSender Get(string connectionName);
}
