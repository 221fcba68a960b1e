namespace Exchange.Sending;

/// <summary>The authentication a connection uses, as chosen on the admin form.</summary>
/// <remarks>A host can replace it with its own strategy (OAuth bearer, say) through
/// <see cref="ExchangeConnectionOptions.AuthenticationStrategy"/>.</remarks>
public enum ExchangeAuthenticationType
{
    /// <summary>No credentials (anonymous, or a strategy set in code).</summary>
    None = 0,
    /// <summary>HTTP Basic: user name and password, sent on the first request. Use over HTTPS only.</summary>
    Basic = 1,
    /// <summary>Windows authentication: Kerberos or NTLM through HTTP Negotiate (see docs/authentication.md).</summary>
    Windows = 2,
}
