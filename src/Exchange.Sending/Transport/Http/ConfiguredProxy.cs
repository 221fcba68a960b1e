using System.Net;

namespace Exchange.Sending.Transport.Http;

/// <summary>The proxy of <see cref="ExchangeConnectionOptions.ProxyUrl"/>, with <see cref="ExchangeConnectionOptions.ProxyBypassList"/>
/// as host names (a leading <c>*.</c> for a domain), not as <see cref="WebProxy"/>'s regular expressions.</summary>
internal sealed class ConfiguredProxy : IWebProxy
{
    private readonly Uri _address;
    private readonly string[] _bypass;

    public ConfiguredProxy(Uri address, IEnumerable<string>? bypass, bool useDefaultCredentials)
    {
        _address = address;
        _bypass = (bypass ?? []).Select(b => b.Trim()).Where(b => b.Length > 0).ToArray();
        Credentials = useDefaultCredentials ? CredentialCache.DefaultCredentials : null;
    }

    public ICredentials? Credentials { get; set; }

    public Uri Address => _address;

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : _address;

    public bool IsBypassed(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.IdnHost.Trim('[', ']');
        foreach (var entry in _bypass)
        {
            var pattern = entry.Trim('[', ']');
            if (pattern.StartsWith("*.", StringComparison.Ordinal)
                ? name.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
                : string.Equals(name, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/> is an absolute http(s) URL without user info, path or query.</summary>
    public static bool TryParse(string text, out Uri? address, out string error)
    {
        address = null;
        error = "";
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            error = $"'{EwsEndpoint.WithoutUserInfo(text)}' is not an absolute http:// or https:// URL; enter the proxy with its protocol and port, for example 'http://proxy.example.com:3128'.";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = $"'{EwsEndpoint.WithoutUserInfo(text)}' contains a user name or password, which would end up in logs; remove them and set ProxyUseDefaultCredentials to send the service account's credentials.";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            error = $"'{text}' has a path or query; a proxy is addressed by protocol, host and port only, for example 'http://{uri.Authority}'.";
            return false;
        }

        address = uri;
        return true;
    }
}
