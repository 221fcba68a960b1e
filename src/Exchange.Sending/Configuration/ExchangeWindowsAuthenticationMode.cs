namespace Exchange.Sending;

/// <summary>Which Windows authentication packages a connection with <see cref="ExchangeAuthenticationType.Windows"/> offers the server.</summary>
public enum ExchangeWindowsAuthenticationMode
{
    /// <summary>Kerberos through the Negotiate scheme first, NTLM when the server or the client cannot do Kerberos (default).</summary>
    NegotiateThenNtlm = 0,
    /// <summary>NTLM only (the <c>NTLM</c> scheme).</summary>
    NtlmOnly = 1,
    /// <summary>Kerberos only (the <c>Negotiate</c> scheme, no NTLM fallback).</summary>
    KerberosOnly = 2,
}
