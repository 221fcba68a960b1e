using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Exchange.Sending;

/// <summary>
/// OAuth 2.0 bearer authentication (RFC 6750) with a host-supplied <see cref="ExchangeAccessTokenProvider"/>: every request
/// carries <c>Authorization: Bearer {token}</c>. The token is cached until <see cref="ExchangeAccessToken.RefreshAt"/>
/// (by default 5 minutes before it expires); one fetch runs at a time and concurrent requests wait for it. A 401 whose
/// <c>WWW-Authenticate: Bearer</c> says <c>error="invalid_token"</c> (expired, revoked) drops the cached token: the
/// transport then sends the same request once more with a token fetched with <see cref="ExchangeAccessTokenRequest.ForceRefresh"/>.
/// </summary>
// CA1001: the SemaphoreSlim is only awaited (no AvailableWaitHandle), so it holds nothing to dispose; the strategy lives as long as its connection.
#pragma warning disable CA1001
internal sealed class BearerAuthenticationStrategy : ExchangeAuthenticationStrategy
#pragma warning restore CA1001
{
    private readonly ExchangeAccessTokenProvider _provider;
    private readonly string _connectionName;
    private readonly TimeProvider _time;
    // One fetch at a time (held across the provider's await); _state guards the three fields below (never held across an await).
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private readonly Lock _state = new();
    private volatile ExchangeAccessToken? _cached;
    private bool _forceRefresh;
    private string? _claims;
    private int _fetches;

    /// <summary>Creates the strategy for one connection.</summary>
    /// <param name="provider">The token source.</param>
    /// <param name="connectionName">The connection's name, for the provider and error messages.</param>
    /// <param name="timeProvider">The clock for expiry; <see cref="TimeProvider.System"/> by default.</param>
    public BearerAuthenticationStrategy(ExchangeAccessTokenProvider provider, string connectionName, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
        _connectionName = connectionName ?? "";
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override string Name => "Bearer";

    /// <summary>How many times the provider was called (for tests and diagnostics).</summary>
    internal int Fetches => Volatile.Read(ref _fetches);

    /// <inheritdoc />
    public override async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await GetTokenAsync(request.RequestUri!, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    private async ValueTask<ExchangeAccessToken> GetTokenAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var seen = _cached;
        if (seen is { } fresh && _time.GetUtcNow() < fresh.RefreshAt)
        {
            return fresh;
        }

        await _fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have fetched while this one waited: one fetch serves them all. A token fetched meanwhile
            // serves until it expires even inside its refresh window (a token shorter-lived than the margin is always
            // inside it): otherwise every waiting request would fetch again, one after another.
            var now = _time.GetUtcNow();
            if (_cached is { } fetched && (now < fetched.RefreshAt || (!ReferenceEquals(fetched, seen) && now < fetched.ExpiresOn)))
            {
                return fetched;
            }

            ExchangeAccessTokenRequest context;
            lock (_state)
            {
                context = new ExchangeAccessTokenRequest(_connectionName, endpoint, _forceRefresh, _claims);
            }

            ExchangeAccessToken? token;
            Interlocked.Increment(ref _fetches);
            try
            {
                // WaitAsync: a provider that ignores the token still cannot hold the send past RequestTimeout or the caller's
                // cancellation (it runs on; the next fetch does not wait for it).
                token = await _provider(context, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;   // the send's own cancellation or time-out, reported as such by the transport
            }
            catch (Exception ex)
            {
                throw Unavailable(endpoint, $"its AccessTokenProvider threw {ex.GetType().Name}: {ex.Message}", ex);
            }

            now = _time.GetUtcNow();
            if (token is null)
            {
                throw Unavailable(endpoint, "its AccessTokenProvider returned no token (null)", null);
            }

            if (token.ExpiresOn <= now)
            {
                throw Unavailable(endpoint, $"its AccessTokenProvider returned a token that expired at {token.ExpiresOn:O} (now {now:O}); "
                    + "check the token source and this machine's clock", null);
            }

            lock (_state)
            {
                _forceRefresh = false;
                _claims = null;
                // A token already inside its refresh window still serves this request; the next one fetches again.
                _cached = token;
            }

            return token;
        }
        finally
        {
            _fetch.Release();
        }
    }

    private ExchangeAuthenticationException Unavailable(Uri endpoint, string what, Exception? inner) => new(
        $"Exchange connection '{_connectionName}': no bearer token for {endpoint}: {what.TrimEnd().TrimEnd('.')}. Nothing was sent. "
        + "Fix the token source (for Microsoft Entra ID: the tenant, the client id, the client secret or certificate, and the scope "
        + "https://outlook.office365.com/.default) and send again; see docs/oauth.md.",
        endpoint, [], _connectionName, httpStatus: null, inner)
    {
        FailureReason = ExchangeAuthenticationFailureReason.TokenUnavailable,
    };

    /// <summary>On a 401 that refuses the token (<c>error="invalid_token"</c>, or a claims challenge): drops the cached
    /// token if it is the one the request carried, so the next fetch is a forced refresh, and asks for one resend.</summary>
    internal override bool ShouldResendAfterUnauthorized(HttpRequestMessage request, HttpResponseMessage response)
    {
        var challenge = BearerChallenge.From(response);
        if (challenge is null || !challenge.RefusesToken)
        {
            return false;
        }

        var sent = request.Headers.Authorization?.Parameter;
        lock (_state)
        {
            // Only the token this request carried is dropped: when a concurrent request already replaced it, the
            // resend uses the replacement and nothing is fetched again (no thundering herd after an expiry).
            if (_cached is { } cached && string.Equals(cached.Token, sent, StringComparison.Ordinal))
            {
                _cached = null;
                _forceRefresh = true;
                _claims = challenge.Claims;
            }
            else if (_cached is null)
            {
                _forceRefresh = true;
                _claims ??= challenge.Claims;
            }
        }

        return true;
    }

    /// <inheritdoc />
    internal override ValueTask<ExchangeAuthenticationReport> DescribeAsync(Uri endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var offered = ExchangeAuthenticationReport.OfferedSchemesOf(response);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return ValueTask.FromResult(ExchangeAuthenticationReport.Success(offered, Name, null));
        }

        var challenge = BearerChallenge.From(response);
        var resent = response.RequestMessage?.Options.TryGetValue(ResentKey, out var flag) == true && flag;
        var text = new StringBuilder();
        if (challenge is null)
        {
            text.Append("The server does not accept bearer tokens (no 'WWW-Authenticate: Bearer' challenge; it offers ")
                .Append(ExchangeAuthenticationReport.Join(offered))
                .Append("): Exchange Online and on-premises Exchange with modern authentication (Hybrid Modern Auth, AD FS) do; "
                    + "for another server choose the AuthenticationType it offers, or enable modern authentication on it (Exchange Server: "
                    + "Set-OrganizationConfig -OAuth2ClientProfileEnabled $true, see docs/oauth.md).");
            return ValueTask.FromResult(ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.NoUsableScheme, offered, text.ToString()));
        }

        text.Append("The server refused the bearer token")
            .Append(resent ? " again after a newly fetched one (ForceRefresh)" : "")
            .Append(": ").Append(challenge.Describe()).Append(". ");
        text.Append("Check that the token is for the EWS resource: audience https://outlook.office365.com (scope https://outlook.office365.com/.default) "
            + "for Exchange Online, or the on-premises EWS host (e.g. https://mail.example.com) for Hybrid Modern Auth or AD FS; "
            + "that the app registration has the Office 365 Exchange Online API permission full_access_as_app (application, app-only: "
            + "set ImpersonatedUser) or EWS.AccessAsUser.All (delegated), with admin consent granted; and that the token has not expired "
            + "or been revoked (see docs/oauth.md).");
        // A Bearer challenge: the server takes tokens and refused this one (no challenge at all was NoUsableScheme, above).
        return ValueTask.FromResult(ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.CredentialsRejected, offered, text.ToString()));
    }

    /// <summary>Set by the transport on a request sent again after <see cref="ShouldResendAfterUnauthorized"/>.</summary>
    internal static readonly HttpRequestOptionsKey<bool> ResentKey = new("Exchange.Sending.BearerResent");

    /// <summary>A delegated token's user (the JWT's <c>upn</c>, else <c>preferred_username</c>, when it is an address); app-only
    /// tokens name no user. Read from the cached token, never logged.</summary>
    internal override string? AccountAddress => _cached is { } token ? JwtUser(token.Token) : null;

    internal static string? JwtUser(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
            foreach (var claim in (ReadOnlySpan<string>)["upn", "preferred_username", "unique_name"])
            {
                if (payload.RootElement.TryGetProperty(claim, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
                    && value.GetString() is { } user && ValidationRules.IsSmtpAddress(user))
                {
                    return user;
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
        {
            // Not a JWT after all (an opaque token): no user to tell.
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => "Bearer (token hidden)";
}

/// <summary>A <c>WWW-Authenticate: Bearer</c> challenge's parameters (RFC 6750 section 3), and Exchange's
/// <c>x-ms-diagnostics</c> reason. Never holds a token.</summary>
internal sealed record BearerChallenge(string? Error, string? ErrorDescription, string? Claims, string? Diagnostics)
{
    /// <summary><see langword="true"/> when the challenge refuses the token that was sent (expired, revoked, not valid) or
    /// asks for more claims: a newly fetched token may pass.</summary>
    public bool RefusesToken => string.Equals(Error, "invalid_token", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Error, "insufficient_claims", StringComparison.OrdinalIgnoreCase) || Claims is not null;

    /// <summary>The Bearer challenge of a response, or <see langword="null"/> when it has none.</summary>
    public static BearerChallenge? From(HttpResponseMessage response)
    {
        var header = response.Headers.WwwAuthenticate.FirstOrDefault(h => string.Equals(h.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase));
        if (header is null)
        {
            return null;
        }

        var parameters = Parse(header.Parameter ?? "");
        parameters.TryGetValue("error", out var error);
        parameters.TryGetValue("error_description", out var description);
        string? claims = null;
        if (parameters.TryGetValue("claims", out var encoded) && encoded.Length > 0)
        {
            try
            {
                claims = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                claims = encoded;   // not base64: passed on as sent
            }
        }

        var diagnostics = response.Headers.TryGetValues("x-ms-diagnostics", out var values) ? string.Join(" ", values) : null;
        return new BearerChallenge(error, description, claims, diagnostics);
    }

    /// <summary>e.g. <c>error="invalid_token", error_description="The access token has expired"</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Error is not null)
        {
            parts.Add($"error=\"{Error}\"");
        }

        if (ErrorDescription is not null)
        {
            parts.Add($"error_description=\"{ErrorDescription}\"");
        }

        if (Diagnostics is not null)
        {
            parts.Add($"x-ms-diagnostics: {Diagnostics}");
        }

        return parts.Count == 0 ? "the challenge names no error" : string.Join(", ", parts);
    }

    // auth-param list: name=token or name="quoted string", separated by commas (RFC 9110 section 11.2).
    private static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }

            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }

            i++;
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i++]);
                }
            }

            if (name.Length > 0)
            {
                result.TryAdd(name, value.ToString().Trim());
            }
        }

        return result;
    }
}
