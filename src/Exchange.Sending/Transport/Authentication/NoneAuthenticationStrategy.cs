namespace Exchange.Sending;

/// <summary>No credentials: requests go out anonymously. Useful for test servers and for proxies that authenticate.</summary>
internal sealed class NoneAuthenticationStrategy : ExchangeAuthenticationStrategy
{
    /// <inheritdoc />
    public override string Name => "None";
}
