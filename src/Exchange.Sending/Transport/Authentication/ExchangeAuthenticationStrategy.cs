namespace Exchange.Sending;

/// <summary>
/// How a connection authenticates to EWS. One instance serves one connection for its lifetime; the
/// library ships <see cref="NoneAuthenticationStrategy"/>, <see cref="BasicAuthenticationStrategy"/> and a
/// Windows (NTLM / Kerberos) strategy; a host can derive its own (an OAuth bearer token, say) and set it on
/// <see cref="ExchangeConnectionOptions.AuthenticationStrategy"/>.
/// </summary>
public abstract class ExchangeAuthenticationStrategy
{
    /// <summary>Short name for logs and connection checks, e.g. <c>Basic</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Called once when the connection's pooled handler is built: set credentials here for
    /// handler-level schemes (NTLM, Negotiate). Default: nothing.</summary>
    /// <param name="handler">The connection's handler, not yet used.</param>
    public virtual void ConfigureHandler(SocketsHttpHandler handler) { }

    /// <summary>Called before every request is sent: add headers here (<c>Authorization: Bearer …</c>).
    /// Default: nothing.</summary>
    /// <param name="request">The request about to be sent.</param>
    /// <param name="cancellationToken">Cancels token acquisition.</param>
    public virtual ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) => default;

    /// <summary>Header names whose values are secret for this strategy; they are redacted from every log in every
    /// <see cref="ExchangeLogMode"/>. <c>Authorization</c>, <c>Proxy-Authorization</c> and <c>Cookie</c> are always redacted.</summary>
    public virtual IReadOnlyCollection<string> SecretHeaderNames => [];

    /// <summary><see langword="true"/> when the scheme may need the request body sent more than once
    /// (a 401 handshake); the library then makes request content re-writable and, before a large upload on a
    /// connection that has not authenticated yet, sends a small authenticating request first.</summary>
    public virtual bool UsesChallengeResponse => false;
}
