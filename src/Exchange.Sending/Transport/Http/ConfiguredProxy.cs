using System.Net;

namespace Exchange.Sending.Transport.Http;

/// <summary>The proxy of <see cref="ExchangeConnectionOptions.ProxyUrl"/>, with <see cref="ExchangeConnectionOptions.ProxyBypassList"/>
/// as host names, IP addresses, <c>*.domain</c> (its subdomains) or <c>.domain</c> (the domain and its subdomains, as NO_PROXY),
/// not as <see cref="WebProxy"/>'s regular expressions. <see cref="CheckBypassEntry"/> refuses every other form.</summary>
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
        var name = host.IdnHost.Trim('[', ']').TrimEnd('.');
        var address = IPAddress.TryParse(name, out var parsed) ? parsed : null;
        foreach (var entry in _bypass)
        {
            if (Matches(entry, name, address))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(string entry, string name, IPAddress? address)
    {
        if (entry.StartsWith("*.", StringComparison.Ordinal))
        {
            return address is null && name.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase);
        }

        if (entry.StartsWith('.'))
        {
            return address is null && (name.EndsWith(entry, StringComparison.OrdinalIgnoreCase) || string.Equals(name, entry[1..], StringComparison.OrdinalIgnoreCase));
        }

        if (IsIpLiteral(entry))
        {
            return address is not null && address.Equals(IPAddress.Parse(entry.Trim('[', ']')));
        }

        return string.Equals(name, entry, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The accepted entry forms, for messages.</summary>
    public const string BypassForms = "a host name ('mail.example.com'), an IP address ('10.1.2.3', '::1'), '*.example.com' (its subdomains) or '.example.com' (the domain and its subdomains)";

    /// <summary>Null if <paramref name="entry"/> is a bypass form that <see cref="IsBypassed"/> honours; otherwise why not.</summary>
    public static string? CheckBypassEntry(string? entry)
    {
        var text = entry?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "holds an empty entry (two separators in a row, or a trailing one); remove it";
        }

        if (IsIpLiteral(text))
        {
            return null;
        }

        var domain = text.StartsWith("*.", StringComparison.Ordinal) ? text[2..] : text.StartsWith('.') ? text[1..] : text;
        return IsHostName(domain) && !IsIpLiteral(domain)
            ? null
            : $"entry '{ValidationRules.Quote(text)}' is not honoured (no wildcards other than a leading '*.', no ports, no address ranges, no URLs); use {BypassForms}";
    }

    private static bool IsIpLiteral(string text)
    {
        var bracketed = text.Length > 2 && text[0] == '[' && text[^1] == ']';
        var literal = bracketed ? text[1..^1] : text;
        if (literal.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(literal, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }

        // IPAddress.TryParse also accepts "10" or "10.1"; only a dotted quad counts, and never in brackets.
        return !bracketed && literal.Count(c => c == '.') == 3 && IPAddress.TryParse(literal, out _);
    }

    private static bool IsHostName(string text) =>
        text.Length is > 0 and <= 253 && text.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && label[0] != '-' && label[^1] != '-');

    /// <summary>Whether <paramref name="text"/> is an absolute http(s) URL without user info, path or query.</summary>
    public static bool TryParse(string text, out Uri? address, out string error)
    {
        address = null;
        error = "";
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            error = $"'{EwsEndpoint.Redacted(text)}' is not an absolute http:// or https:// URL; enter the proxy with its protocol and port, for example 'http://proxy.example.com:3128'.";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = $"'{EwsEndpoint.Redacted(text)}' contains a user name or password, which would end up in logs; remove them and set ProxyUseDefaultCredentials to send the service account's credentials.";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"'{EwsEndpoint.Redacted(text)}' has a path or query; a proxy is addressed by protocol, host and port only, for example 'http://{uri.Authority}'.";
            return false;
        }

        address = uri;
        return true;
    }
}
