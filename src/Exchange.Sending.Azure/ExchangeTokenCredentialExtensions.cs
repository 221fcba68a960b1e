using Azure.Core;

namespace Exchange.Sending;

/// <summary>
/// Adapts Azure.Core's <see cref="TokenCredential"/> (Azure.Identity's <c>ClientSecretCredential</c>,
/// <c>ClientCertificateCredential</c>, <c>ManagedIdentityCredential</c>, <c>WorkloadIdentityCredential</c>,
/// <c>DefaultAzureCredential</c>, …) to an <see cref="ExchangeAccessTokenProvider"/> for
/// <see cref="ExchangeAuthenticationType.Bearer"/>. The connection caches each token until 5 minutes before it expires
/// (or until Azure.Core's <see cref="AccessToken.RefreshOn"/>), so the credential is asked about once an hour.
/// </summary>
public static class ExchangeTokenCredentialExtensions
{
    /// <summary>The scope of Exchange Online's EWS: <c>https://outlook.office365.com/.default</c> (the app's granted
    /// permissions, <c>full_access_as_app</c> or <c>EWS.AccessAsUser.All</c>). On-premises Exchange with Hybrid Modern Auth
    /// uses its own EWS host instead, e.g. <c>https://mail.example.com/.default</c>.</summary>
    public const string ExchangeOnlineScope = "https://outlook.office365.com/.default";

    /// <summary>Sets <paramref name="options"/> to authenticate with bearer tokens from <paramref name="credential"/>
    /// (<see cref="ExchangeConnectionOptions.AuthenticationType"/> = Bearer, <see cref="ExchangeConnectionOptions.AccessTokenProvider"/>).</summary>
    /// <param name="options">The connection's options.</param>
    /// <param name="credential">The credential, e.g. <c>new ClientSecretCredential(tenantId, clientId, secret)</c>.</param>
    /// <param name="scopes">The scopes to ask for; none (default): <see cref="ExchangeOnlineScope"/>.</param>
    /// <returns><paramref name="options"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="credential"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A scope is empty.</exception>
    public static ExchangeConnectionOptions UseTokenCredential(this ExchangeConnectionOptions options, TokenCredential credential, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AccessTokenProvider = credential.ToAccessTokenProvider(scopes);
        options.AuthenticationType = ExchangeAuthenticationType.Bearer;
        return options;
    }

    /// <summary>An <see cref="ExchangeAccessTokenProvider"/> that asks <paramref name="credential"/> for a token for
    /// <paramref name="scopes"/>. A forced refresh (<see cref="ExchangeAccessTokenRequest.ForceRefresh"/>, after the server
    /// refused a token) asks again, with the server's claims challenge when it sent one; Azure.Identity credentials keep their
    /// own token cache, and without a claims challenge they may answer from it. A credential's exception
    /// (<c>AuthenticationFailedException</c>, <c>CredentialUnavailableException</c>) fails the send with an
    /// <see cref="ExchangeAuthenticationException"/> holding it as <see cref="Exception.InnerException"/>.</summary>
    /// <param name="credential">The credential.</param>
    /// <param name="scopes">The scopes to ask for; <see langword="null"/> or empty (default): <see cref="ExchangeOnlineScope"/>.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="credential"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A scope is empty.</exception>
    public static ExchangeAccessTokenProvider ToAccessTokenProvider(this TokenCredential credential, IEnumerable<string>? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var list = scopes?.ToArray() is { Length: > 0 } given ? given : [ExchangeOnlineScope];
        if (list.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A scope is empty; use e.g. " + ExchangeOnlineScope + ".", nameof(scopes));
        }

        return async (request, cancellationToken) =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var context = new TokenRequestContext(list, claims: request.Claims);
            var token = await credential.GetTokenAsync(context, cancellationToken).ConfigureAwait(false);
            return new ExchangeAccessToken(token.Token, token.ExpiresOn, token.RefreshOn);
        };
    }
}
