namespace Exchange.Sending;

/// <summary>Chooses the strategy for a connection: the host's own when set, else the one its AuthenticationType names.</summary>
internal static class AuthenticationStrategies
{
    public static ExchangeAuthenticationStrategy For(ExchangeConnectionOptions options) =>
        options.AuthenticationStrategy ?? options.AuthenticationType switch
        {
            ExchangeAuthenticationType.Basic => new BasicAuthenticationStrategy(options.UserName!, options.Password!, options.Domain),
            ExchangeAuthenticationType.Windows => new WindowsAuthenticationStrategy(options.UserName, options.Password, options.Domain, options.WindowsAuthenticationMode),
            ExchangeAuthenticationType.Bearer => new BearerAuthenticationStrategy(options.AccessTokenProvider!, options.SystemName),
            _ => new NoneAuthenticationStrategy(),
        };
}
