namespace Exchange.Sending.Testing;

/// <summary>Settings of <see cref="NegotiateAuthenticator"/>.</summary>
public sealed class NegotiateAuthenticatorOptions
{
    /// <summary>Schemes offered on a 401. Default: <c>Negotiate</c> and <c>NTLM</c>, as IIS with Windows authentication.</summary>
    public NegotiateSchemes OfferedSchemes { get; set; } = NegotiateSchemes.NegotiateAndNtlm;

    /// <summary><see langword="true"/> (default, as IIS): once a connection has authenticated, later requests on it pass
    /// without a new handshake. <see langword="false"/>: every request must carry its own handshake.</summary>
    public bool PersistAuthenticationOnConnection { get; set; } = true;
}
