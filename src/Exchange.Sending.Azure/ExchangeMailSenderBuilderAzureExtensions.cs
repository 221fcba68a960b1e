using Azure.Core;
using Exchange.Sending;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Bearer authentication with an Azure.Core <see cref="TokenCredential"/> for a connection registered with
/// <c>AddExchangeMailSender</c> (or every connection, on the builder of <c>ConfigureExchangeMailSenderDefaults</c>).</summary>
public static class ExchangeMailSenderBuilderAzureExtensions
{
    /// <summary>Authenticates the connection with bearer tokens from <paramref name="credential"/>.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="credential">The credential, e.g. <c>new ClientSecretCredential(tenantId, clientId, secret)</c>.</param>
    /// <param name="scopes">The scopes; none (default): <see cref="ExchangeTokenCredentialExtensions.ExchangeOnlineScope"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="credential"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A scope is empty.</exception>
    public static IExchangeMailSenderBuilder UseTokenCredential(this IExchangeMailSenderBuilder builder, TokenCredential credential, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseAccessTokenProvider(credential.ToAccessTokenProvider(scopes));
    }

    /// <summary>Authenticates the connection with bearer tokens from a credential made from the container's services
    /// (once per container and connection), e.g. <c>sp =&gt; sp.GetRequiredService&lt;TokenCredential&gt;()</c>.</summary>
    /// <param name="builder">The connection's builder.</param>
    /// <param name="factory">Makes or resolves the credential.</param>
    /// <param name="scopes">The scopes; none (default): <see cref="ExchangeTokenCredentialExtensions.ExchangeOnlineScope"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="factory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A scope is empty.</exception>
    public static IExchangeMailSenderBuilder UseTokenCredential(this IExchangeMailSenderBuilder builder, Func<IServiceProvider, TokenCredential> factory, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        var list = scopes?.ToArray() ?? [];
        // Checked now, not at the first send.
        _ = new NoCredential().ToAccessTokenProvider(list);
        return builder.UseAccessTokenProvider(sp => factory(sp).ToAccessTokenProvider(list));
    }

    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
