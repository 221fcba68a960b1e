namespace Exchange.Sending;

/// <summary>The connection is disabled (<see cref="ExchangeConnectionOptions.Disabled"/>); nothing was sent and no network I/O happened.</summary>
public sealed class ExchangeConnectionDisabledException : ExchangeException
{
    /// <summary>Creates the exception for a connection.</summary>
    /// <param name="connectionName">The connection's system name.</param>
    public ExchangeConnectionDisabledException(string connectionName)
        : base($"Exchange connection '{connectionName}' is disabled, so nothing was sent. Set Disabled to false in its settings to send through it.", connectionName)
    {
    }
}
