namespace Exchange.Sending;

/// <summary>The authentication a connection uses, as chosen on the admin form.</summary>
/// <remarks>A host can replace it with its own scheme through <see cref="ExchangeConnectionOptions.AuthenticationStrategy"/>.</remarks>
public enum ExchangeAuthenticationType
{
    /// <summary>No credentials (anonymous, or a strategy set in code).</summary>
    None = 0,
    /// <summary>HTTP Basic: user name and password, sent on the first request. Use over HTTPS only.</summary>
    Basic = 1,
    /// <summary>Windows authentication: Kerberos or NTLM through HTTP Negotiate (see docs/authentication.md).</summary>
    Windows = 2,
    /// <summary>OAuth 2.0 bearer token (<c>Authorization: Bearer</c>) from <see cref="ExchangeConnectionOptions.AccessTokenProvider"/>,
    /// set in code: Exchange Online with Microsoft Entra ID, and on-premises Exchange with modern authentication (Hybrid
    /// Modern Auth, AD FS). <see cref="ExchangeConnectionOptions.UserName"/> and <see cref="ExchangeConnectionOptions.Password"/>
    /// are not used. See docs/oauth.md.</summary>
    Bearer = 3,
}
