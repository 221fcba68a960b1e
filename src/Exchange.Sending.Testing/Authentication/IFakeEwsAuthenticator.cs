namespace Exchange.Sending.Testing;

/// <summary>
/// Extension point for authentication schemes the server does not build in (Windows NTLM/Negotiate, bearer tokens).
/// </summary>
/// <remarks>
/// The server calls <see cref="AuthenticateAsync"/> for each request whose TCP connection is not yet authenticated.
/// Return <see cref="FakeEwsAuthenticationResult.Challenge"/> for every 401 leg of a handshake (state between legs
/// belongs in <see cref="FakeEwsAuthenticationContext.ConnectionItems"/>, which live as long as the TCP connection,
/// as with IIS); the server drains the request body, counts the 401 and answers with the given
/// <c>WWW-Authenticate</c> values. Return <see cref="FakeEwsAuthenticationResult.Success"/> to let the request through;
/// with <c>persistOnConnection</c> the identity is kept for later requests on that connection, which then do not call
/// the authenticator again unless they carry a new <c>Authorization</c> header.
/// </remarks>
public interface IFakeEwsAuthenticator
{
    /// <summary>Authenticates one request.</summary>
    /// <param name="context">The request, its connection state and the configured users.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    /// <returns>Success, or a 401 challenge.</returns>
    ValueTask<FakeEwsAuthenticationResult> AuthenticateAsync(FakeEwsAuthenticationContext context, CancellationToken cancellationToken);
}
