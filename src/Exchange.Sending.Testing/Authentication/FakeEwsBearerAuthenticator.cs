using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;

namespace Exchange.Sending.Testing;

/// <summary>
/// OAuth 2.0 bearer tokens for the fake EWS server, answered as Exchange Online answers them: a request with
/// <c>Authorization: Bearer {token}</c> for a token it was told about (<see cref="AddToken"/>) runs as that token's user;
/// an expired token (<see cref="Expire"/>) gets HTTP 401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token", error_description="The access token has expired"</c>; an unknown one
/// the same with <c>"The access token is not valid"</c>; a request without a bearer token a bare <c>Bearer</c> challenge.
/// Every <c>Authorization</c> value it saw is kept in order (<see cref="ReceivedAuthorizations"/>) so a test can assert what
/// was sent. Plug it in with <see cref="FakeEwsServerOptions.CustomAuthenticator"/>; nothing is kept on the TCP connection.
/// </summary>
/// <remarks>An app-only token (client credentials) names an application, not a mailbox: give it a <see cref="FakeEwsUser"/> of
/// its own (not among the server's users) and grant that address impersonation with <see cref="FakeEwsServer.GrantImpersonation"/>,
/// as an administrator grants ApplicationImpersonation (or <c>full_access_as_app</c>) to an app.</remarks>
public sealed class FakeEwsBearerAuthenticator : IFakeEwsAuthenticator
{
    /// <summary>The challenge for an expired token, as Exchange Online sends it.</summary>
    public const string ExpiredChallenge = "Bearer error=\"invalid_token\", error_description=\"The access token has expired\"";

    /// <summary>The challenge for a token the server does not know.</summary>
    public const string InvalidChallenge = "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\"";

    private readonly ConcurrentDictionary<string, FakeEwsUser> _valid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _expired = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string?> _received = new();

    /// <summary>Accepts <paramref name="token"/> as <paramref name="user"/> until <see cref="Expire"/> or <see cref="Revoke"/>.</summary>
    /// <param name="token">The token value (without <c>Bearer </c>).</param>
    /// <param name="user">Who the token authenticates: a mailbox user (delegated) or an application's own identity (app-only).</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="user"/> is <see langword="null"/>.</exception>
    public void AddToken(string token, FakeEwsUser user)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentNullException.ThrowIfNull(user);
        _expired.TryRemove(token, out _);
        _valid[token] = user;
    }

    /// <summary>From now on, <paramref name="token"/> is answered as expired.</summary>
    /// <param name="token">A token given to <see cref="AddToken"/>.</param>
    public void Expire(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _valid.TryRemove(token, out _);
        _expired[token] = 0;
    }

    /// <summary>From now on, <paramref name="token"/> is unknown (answered as not valid).</summary>
    /// <param name="token">A token given to <see cref="AddToken"/>.</param>
    public void Revoke(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        _valid.TryRemove(token, out _);
        _expired.TryRemove(token, out _);
    }

    /// <summary>The <c>Authorization</c> header of every request this authenticator saw, in order of arrival
    /// (<see langword="null"/> for a request without one). Test data: it holds the tokens in clear.</summary>
    public IReadOnlyList<string?> ReceivedAuthorizations => _received.ToArray();

    /// <summary>The bearer tokens of <see cref="ReceivedAuthorizations"/>, in order (requests with another scheme or none left out).</summary>
    public IReadOnlyList<string> ReceivedTokens => _received
        .Where(a => a is not null && a.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        .Select(a => a!["Bearer ".Length..].Trim())
        .ToArray();

    /// <summary>Forgets <see cref="ReceivedAuthorizations"/>; the tokens stay as they are.</summary>
    public void ClearHistory() => _received.Clear();

    /// <inheritdoc />
    public ValueTask<FakeEwsAuthenticationResult> AuthenticateAsync(FakeEwsAuthenticationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.AuthorizationHeader;
        _received.Enqueue(authorization);
        var maxBody = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (maxBody is { IsReadOnly: false })
        {
            // Large attachments: Kestrel's 30 MB default would break the send with "Broken pipe".
            maxBody.MaxRequestBodySize = null;
        }

        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ValueTask.FromResult(FakeEwsAuthenticationResult.Challenge("Bearer"));
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (_valid.TryGetValue(token, out var user))
        {
            return ValueTask.FromResult(FakeEwsAuthenticationResult.Success(user, "Bearer"));
        }

        return ValueTask.FromResult(FakeEwsAuthenticationResult.Challenge(_expired.ContainsKey(token) ? ExpiredChallenge : InvalidChallenge));
    }
}
