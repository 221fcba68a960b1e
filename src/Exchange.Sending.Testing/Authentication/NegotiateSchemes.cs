namespace Exchange.Sending.Testing;

/// <summary>The HTTP authentication schemes <see cref="NegotiateAuthenticator"/> offers in <c>WWW-Authenticate</c>.</summary>
[Flags]
public enum NegotiateSchemes
{
    /// <summary><c>Negotiate</c> (SPNEGO: Kerberos, or NTLM inside SPNEGO).</summary>
    Negotiate = 1,

    /// <summary><c>NTLM</c>.</summary>
    Ntlm = 2,

    /// <summary>Both, in IIS's order: <c>Negotiate</c> then <c>NTLM</c> (the default).</summary>
    NegotiateAndNtlm = Negotiate | Ntlm,
}
