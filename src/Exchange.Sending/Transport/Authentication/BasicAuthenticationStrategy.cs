using System.Text;

namespace Exchange.Sending;

/// <summary>
/// HTTP Basic authentication (RFC 7617): the <c>Authorization</c> header is sent on the first request, so
/// there is no 401 round trip and the body goes over the wire once. Use over HTTPS only.
/// </summary>
internal sealed class BasicAuthenticationStrategy : ExchangeAuthenticationStrategy
{
    // The whole header value, made once: added as text, it is written as it is, where a parsed AuthenticationHeaderValue
    // is formatted into a new string for every request (issue 10).
    private readonly string _header;

    /// <summary>Creates the strategy for one account.</summary>
    /// <param name="userName">Account name; with a domain it is sent as <c>DOMAIN\user</c>.</param>
    /// <param name="password">The account's password.</param>
    /// <param name="domain">Optional Windows domain.</param>
    /// <exception cref="ArgumentException"><paramref name="userName"/> is empty or contains <c>:</c>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is <see langword="null"/>.</exception>
    public BasicAuthenticationStrategy(string userName, string password, string? domain = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Contains(':'))
        {
            throw new ArgumentException("The user name for Basic authentication cannot contain ':'.", nameof(userName));
        }

        var account = string.IsNullOrEmpty(domain) ? userName : domain + "\\" + userName;
        _header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(account + ":" + password));
    }

    /// <inheritdoc />
    public override string Name => "Basic";

    /// <inheritdoc />
    public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", _header);
        return default;
    }

    /// <inheritdoc />
    public override string ToString() => "Basic (credentials hidden)";
}
