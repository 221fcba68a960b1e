namespace Exchange.Sending;

/// <summary>
/// How a connection authenticates to EWS, for a host that brings its own scheme: derive from this class and set the
/// instance on <see cref="ExchangeConnectionOptions.AuthenticationStrategy"/> (it then replaces
/// <see cref="ExchangeConnectionOptions.AuthenticationType"/>). The built-in None, Basic, Windows (NTLM / Kerberos) and
/// Bearer (OAuth 2.0 with <see cref="ExchangeConnectionOptions.AccessTokenProvider"/>: cached, refreshed, retried once after
/// a refused token) schemes are chosen with <see cref="ExchangeConnectionOptions.AuthenticationType"/>. One instance
/// serves one connection for its lifetime and may be called concurrently.
/// </summary>
/// <remarks>
/// <para>Implement <see cref="Name"/> and <see cref="ApplyAsync"/>; override <see cref="ConfigureHandler"/> only for
/// handler-level settings such as a client certificate.</para>
/// <para>Secrets: the value of the <c>Authorization</c> header set in <see cref="ApplyAsync"/> is remembered by the
/// connection after every call and replaced by <c>***</c> in any text a server sends back (error pages, SOAP faults,
/// response messages) before it reaches an exception or a log. Headers are never logged. Put the token in
/// <c>Authorization</c>; a secret in any other header is not known to the connection.</para>
/// </remarks>
public abstract class ExchangeAuthenticationStrategy
{
    /// <summary>Short name for logs, connection checks and error messages, e.g. <c>Bearer</c>. Never a secret.</summary>
    public abstract string Name { get; }

    /// <summary>Called once when the connection's pooled handler is built, before it sends anything: set handler-level
    /// settings here (a client certificate, say). Default: nothing.</summary>
    /// <param name="handler">The connection's handler, not yet used.</param>
    public virtual void ConfigureHandler(SocketsHttpHandler handler) { }

    /// <summary>Called before every request is sent, including retries: add the credentials here
    /// (<c>request.Headers.Authorization = new("Bearer", token)</c>), fetching or refreshing a token as needed.
    /// Default: nothing.</summary>
    /// <param name="request">The request about to be sent.</param>
    /// <param name="cancellationToken">Cancels token acquisition (the request's timeout or the caller's token).</param>
    /// <returns>A task that completes when the request carries its credentials.</returns>
    public virtual ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken) => default;

    /// <summary><see langword="true"/> when the scheme may need the request body sent more than once
    /// (a 401 handshake); the library then makes request content re-writable and, before a large upload on a
    /// connection that has not authenticated yet, sends a small authenticating request first. Built-in Windows only.</summary>
    internal virtual bool UsesChallengeResponse => false;

    /// <summary>Called by the transport with a request's HTTP 401 (its first; never for a resent request):
    /// <see langword="true"/> to send the same request (same body) once more, after <see cref="ApplyAsync"/> again.
    /// Built-in Bearer: when the challenge refuses the token (expired, revoked). Default: <see langword="false"/>.</summary>
    /// <param name="request">The request that was refused, with the credentials it carried.</param>
    /// <param name="response">The 401 (headers only).</param>
    /// <returns>Whether to resend.</returns>
    internal virtual bool ShouldResendAfterUnauthorized(HttpRequestMessage request, HttpResponseMessage response) => false;

    /// <summary>
    /// Explains how a request authenticated, or why it did not. The transport calls it with the final response of a
    /// request: on HTTP 401 (after the handler's own handshake) to build the <see cref="ExchangeAuthenticationException"/>
    /// message, and after a successful connection check to report the scheme and package used. Never contains secrets.
    /// </summary>
    /// <param name="endpoint">The EWS endpoint the request went to.</param>
    /// <param name="response">The final response (its headers are read; its content is not).</param>
    /// <param name="cancellationToken">Cancels a diagnostic look-up.</param>
    /// <returns>The report. Default: the schemes offered in <c>WWW-Authenticate</c>, and no text beyond the 401 error's own.</returns>
    internal virtual ValueTask<ExchangeAuthenticationReport> DescribeAsync(Uri endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var offered = ExchangeAuthenticationReport.OfferedSchemesOf(response);
        return ValueTask.FromResult(response.StatusCode == System.Net.HttpStatusCode.Unauthorized
            // No text of its own: the 401 error already names the scheme, the account and what the server offers.
            ? ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.CredentialsRejected, offered, "")
            : ExchangeAuthenticationReport.Success(offered, Name, null));
    }

    /// <summary>
    /// For connection checks: while the returned scope is open (in the same async flow), requests go out without
    /// credentials, so the server's first 401 shows every scheme it offers. Strategies that only add headers
    /// return <see langword="null"/> (the default): nothing is suppressed.
    /// </summary>
    /// <returns>A scope to dispose, or <see langword="null"/>.</returns>
    internal virtual IDisposable? SuppressCredentials() => null;

    /// <summary>The signed-in user's SMTP address when the strategy can tell without a request (a delegated token's
    /// <c>upn</c>); <see langword="null"/> otherwise. The connection check compares it with SenderAddress.</summary>
    internal virtual string? AccountAddress => null;
}

/// <summary>Why authentication failed, as far as the client can tell.</summary>
public enum ExchangeAuthenticationFailureReason
{
    /// <summary>No failure.</summary>
    None = 0,
    /// <summary>A complete handshake was refused: wrong password, unknown user, wrong domain, disabled or locked account.</summary>
    CredentialsRejected,
    /// <summary>The server offers no scheme this client may use (the schemes offered are listed).</summary>
    NoUsableScheme,
    /// <summary>The client cannot run the mechanism: NTLM without gss-ntlmssp, NTLM with default credentials outside Windows, no Kerberos configuration.</summary>
    MechanismUnavailable,
    /// <summary>Kerberos could not get a ticket-granting ticket: wrong password, unknown principal, unknown realm or the KDC is unreachable.</summary>
    KerberosUnavailable,
    /// <summary>Kerberos got a ticket-granting ticket but no ticket for the server's service principal (SPN mismatch: IP address or alias in the URL, SPN not registered).</summary>
    KerberosServiceUnknown,
    /// <summary>No account was configured and the process has no usable default credentials (no Kerberos ticket: run <c>kinit</c>).</summary>
    NoDefaultCredentials,
    /// <summary>The bearer token could not be obtained: the <see cref="ExchangeConnectionOptions.AccessTokenProvider"/> threw
    /// (its exception is the <see cref="Exception.InnerException"/>) or returned no usable token. Nothing was sent.</summary>
    TokenUnavailable,
}

/// <summary>How a request authenticated (scheme, package, schemes offered), or why it did not, with an actionable message.</summary>
internal sealed record ExchangeAuthenticationReport
{
    /// <summary><see langword="true"/> when the server accepted the request.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Schemes the server offered in <c>WWW-Authenticate</c>, as far as seen (e.g. <c>Negotiate</c>, <c>NTLM</c>).</summary>
    public IReadOnlyList<string> OfferedSchemes { get; init; } = [];

    /// <summary>The HTTP scheme used (e.g. <c>Negotiate</c>, <c>NTLM</c>, <c>Basic</c>), when known.</summary>
    public string? Scheme { get; init; }

    /// <summary>The package that authenticated: <c>Kerberos</c> or <c>NTLM</c> for Windows authentication, when known.</summary>
    public string? Package { get; init; }

    /// <summary>Why it failed; <see cref="ExchangeAuthenticationFailureReason.None"/> on success.</summary>
    public ExchangeAuthenticationFailureReason FailureReason { get; init; }

    /// <summary>What happened and what to change. Never contains a password or a token.</summary>
    public string? Message { get; init; }

    /// <summary>A success report.</summary>
    /// <param name="offeredSchemes">Schemes seen offered.</param>
    /// <param name="scheme">Scheme used.</param>
    /// <param name="package">Package used.</param>
    /// <returns>The report.</returns>
    public static ExchangeAuthenticationReport Success(IReadOnlyList<string> offeredSchemes, string? scheme, string? package) =>
        new() { Succeeded = true, OfferedSchemes = offeredSchemes, Scheme = scheme, Package = package };

    /// <summary>A failure report.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="offeredSchemes">Schemes the server offered.</param>
    /// <param name="message">What happened and what to change; no secrets.</param>
    /// <returns>The report.</returns>
    public static ExchangeAuthenticationReport Failure(ExchangeAuthenticationFailureReason reason, IReadOnlyList<string> offeredSchemes, string message) =>
        new() { Succeeded = false, FailureReason = reason, OfferedSchemes = offeredSchemes, Message = message };

    /// <summary>The distinct scheme names of a response's <c>WWW-Authenticate</c> headers, in order.</summary>
    /// <param name="response">A response.</param>
    /// <returns>Scheme names only (never the tokens).</returns>
    public static IReadOnlyList<string> OfferedSchemesOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.WwwAuthenticate.Select(h => h.Scheme).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    internal static string Join(IReadOnlyCollection<string> schemes) => schemes.Count == 0 ? "none" : string.Join(", ", schemes);
}
