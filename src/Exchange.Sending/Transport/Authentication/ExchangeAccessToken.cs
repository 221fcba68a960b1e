namespace Exchange.Sending;

/// <summary>
/// Supplies OAuth 2.0 access tokens for a connection with <see cref="ExchangeAuthenticationType.Bearer"/>; set it on
/// <see cref="ExchangeConnectionOptions.AccessTokenProvider"/> in code (it cannot come from configuration). The library
/// caches the token it returns and calls it again only shortly before the token expires
/// (<see cref="ExchangeAccessToken.RefreshOn"/>, by default 5 minutes before <see cref="ExchangeAccessToken.ExpiresOn"/>)
/// or once after the server refused it; concurrent requests share one call.
/// </summary>
/// <param name="request">Why the token is needed: the connection, the EWS endpoint and whether this is a forced refresh
/// after the server refused the previous token (then bypass any cache of your own).</param>
/// <param name="cancellationToken">Cancelled with the send (the caller's token or the request's
/// <see cref="ExchangeConnectionOptions.RequestTimeout"/>).</param>
/// <returns>The token and when it expires. An exception thrown here fails the send with an
/// <see cref="ExchangeAuthenticationException"/> (<see cref="ExchangeAuthenticationFailureReason.TokenUnavailable"/>)
/// holding it as <see cref="Exception.InnerException"/>, before anything is sent; the call is not repeated for that send.</returns>
/// <remarks>With Microsoft Entra ID (Exchange Online) use the scope <c>https://outlook.office365.com/.default</c>; the
/// package <c>Exchange.Sending.Azure</c> adapts an Azure.Identity <c>TokenCredential</c> (<c>UseTokenCredential</c>).
/// See docs/oauth.md.</remarks>
public delegate ValueTask<ExchangeAccessToken> ExchangeAccessTokenProvider(ExchangeAccessTokenRequest request, CancellationToken cancellationToken);

/// <summary>What an <see cref="ExchangeAccessTokenProvider"/> is asked for.</summary>
public sealed class ExchangeAccessTokenRequest
{
    /// <summary>Creates a request (for tests of a provider; the library creates its own).</summary>
    /// <param name="connectionName">The connection's <see cref="ExchangeConnectionOptions.SystemName"/>.</param>
    /// <param name="endpoint">The EWS endpoint the token is for.</param>
    /// <param name="forceRefresh"><see langword="true"/> after the server refused the previous token.</param>
    /// <param name="claims">A claims challenge from the server's <c>WWW-Authenticate</c>, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="connectionName"/> or <paramref name="endpoint"/> is <see langword="null"/>.</exception>
    public ExchangeAccessTokenRequest(string connectionName, Uri endpoint, bool forceRefresh = false, string? claims = null)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        ArgumentNullException.ThrowIfNull(endpoint);
        ConnectionName = connectionName;
        Endpoint = endpoint;
        ForceRefresh = forceRefresh;
        Claims = claims;
    }

    /// <summary>The connection's <see cref="ExchangeConnectionOptions.SystemName"/>.</summary>
    public string ConnectionName { get; }

    /// <summary>The EWS endpoint, e.g. <c>https://outlook.office365.com/EWS/Exchange.asmx</c>. Its scheme and host give the
    /// resource of an on-premises server (Hybrid Modern Auth, AD FS): <c>https://mail.example.com</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary><see langword="true"/> when the server refused the previous token (HTTP 401 with
    /// <c>error="invalid_token"</c>: expired, revoked or not valid): return a newly issued token, not a cached one
    /// (Azure.Identity credentials cache their tokens; the adapter in <c>Exchange.Sending.Azure</c> passes this on).
    /// <see langword="false"/> for an ordinary fetch: the first one, or shortly before the cached token expires.</summary>
    public bool ForceRefresh { get; }

    /// <summary>The claims challenge (decoded JSON) the server sent in <c>WWW-Authenticate: Bearer … claims="…"</c>
    /// (continuous access evaluation), to pass to the token service; <see langword="null"/> when there was none.</summary>
    public string? Claims { get; }

    /// <summary>The connection, the endpoint and whether the token is forced to refresh.</summary>
    public override string ToString() => $"ExchangeAccessTokenRequest {{ ConnectionName = {ConnectionName}, Endpoint = {Endpoint}, ForceRefresh = {ForceRefresh} }}";
}

/// <summary>An OAuth 2.0 access token and its lifetime, as an <see cref="ExchangeAccessTokenProvider"/> returns it.
/// <see cref="ToString"/> never shows the token.</summary>
public sealed class ExchangeAccessToken
{
    /// <summary>How long before <see cref="ExpiresOn"/> a token is refreshed when the provider gives no
    /// <see cref="RefreshOn"/>: 5 minutes (the margin Azure.Core and MSAL use; it also covers clock difference).</summary>
    public static readonly TimeSpan DefaultRefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>Creates the token.</summary>
    /// <param name="token">The access token as issued (a JWT for Entra ID and AD FS), sent as <c>Authorization: Bearer {token}</c>.</param>
    /// <param name="expiresOn">When it expires (absolute time; any offset, e.g. <c>DateTimeOffset.UtcNow.AddSeconds(expires_in)</c>).</param>
    /// <param name="refreshOn">When to fetch the next one; <see langword="null"/> (default): <see cref="DefaultRefreshMargin"/>
    /// before <paramref name="expiresOn"/>. Azure.Core's <c>AccessToken.RefreshOn</c> maps here.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is empty, or holds white space, control characters or
    /// characters outside ASCII (it could not be sent in one header: RFC 6750's b64token is ASCII).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public ExchangeAccessToken(string token, DateTimeOffset expiresOn, DateTimeOffset? refreshOn = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // The message never quotes the token.
            throw new ArgumentException(token.Length == 0
                ? "The access token is empty."
                : "The access token holds white space or control characters; pass the token alone, without 'Bearer ' and without line breaks.", nameof(token));
        }

        if (!token.All(char.IsAscii))
        {
            // HttpClient would refuse the header only when sending, as a network error ("Request headers must contain only ASCII characters").
            throw new ArgumentException("The access token holds characters outside ASCII, which a bearer token (RFC 6750) never has; pass the token as issued, not decoded.", nameof(token));
        }

        Token = token;
        ExpiresOn = expiresOn;
        RefreshOn = refreshOn;
    }

    /// <summary>The access token. Never logged and never part of an exception message.</summary>
    public string Token { get; }

    /// <summary>When the token expires.</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <summary>When the provider wants the token refreshed, or <see langword="null"/> for <see cref="DefaultRefreshMargin"/>
    /// before <see cref="ExpiresOn"/>. A value not before <see cref="ExpiresOn"/> is ignored.</summary>
    public DateTimeOffset? RefreshOn { get; }

    /// <summary>When the library fetches the next token: <see cref="RefreshOn"/>, else <see cref="DefaultRefreshMargin"/>
    /// before <see cref="ExpiresOn"/>; never later than <see cref="ExpiresOn"/>.</summary>
    internal DateTimeOffset RefreshAt => RefreshOn is { } on && on < ExpiresOn ? on : ExpiresOn - DefaultRefreshMargin;

    /// <summary>The lifetime only, e.g. <c>ExchangeAccessToken { Token = ***, ExpiresOn = 2026-12-03T12:00:00Z }</c>.</summary>
    public override string ToString() => $"ExchangeAccessToken {{ Token = ***, ExpiresOn = {ExpiresOn:O} }}";
}
