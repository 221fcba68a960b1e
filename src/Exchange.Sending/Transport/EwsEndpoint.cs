namespace Exchange.Sending;

/// <summary>
/// Turns the administrator's server URL (<c>host[:port][/path]</c>, typed without protocol) into the EWS endpoint.
/// With no path the endpoint is <c>/EWS/Exchange.asmx</c>; the scheme is https unless plain HTTP is allowed.
/// </summary>
internal static class EwsEndpoint
{
    /// <summary>Builds the endpoint, or says what is wrong with <paramref name="serverUrl"/> and what to type instead.</summary>
    /// <param name="serverUrl">For example <c>mail.example.com</c>, <c>mail.example.com:8443</c> or <c>mail.example.com/EWS/Exchange.asmx</c>.</param>
    /// <param name="allowInsecureHttp">Use <c>http</c> rather than <c>https</c>.</param>
    /// <param name="endpoint">The absolute endpoint when valid.</param>
    /// <param name="error">What is wrong and how to fix it, when invalid.</param>
    /// <returns><see langword="true"/> when <paramref name="serverUrl"/> is usable.</returns>
    public static bool TryCreate(string? serverUrl, bool allowInsecureHttp, out Uri? endpoint, out string? error)
    {
        endpoint = null;
        var text = serverUrl?.Trim() ?? "";
        // Errors quote what was typed, but never credentials in it (user:password@host).
        serverUrl = Redacted(text);
        if (text.Length == 0)
        {
            error = "is empty. Enter the Exchange server's host name without protocol, for example 'mail.example.com' or 'mail.example.com/EWS/Exchange.asmx'.";
            return false;
        }

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        var typo = SchemeTypo(text);
        if (schemeEnd >= 0 || typo > 0)
        {
            schemeEnd = schemeEnd >= 0 ? schemeEnd : typo;
            var rest = Redacted(text[schemeEnd..].TrimStart(':', '/').TrimEnd('/'));
            error = $"'{serverUrl}' includes the protocol '{text[..schemeEnd]}://'. Enter it without protocol: '{rest}'. "
                + "The library always uses https (plain http only with AllowInsecureHttp for test servers).";
            return false;
        }

        if (text.StartsWith('/'))
        {
            error = $"'{serverUrl}' starts with '/'. Enter the host name first, for example 'mail.example.com' or 'mail.example.com/EWS/Exchange.asmx'.";
            return false;
        }

        if (text.Any(char.IsWhiteSpace))
        {
            error = $"'{serverUrl}' contains spaces. Enter a host name such as 'mail.example.com', optionally with ':port' and a path.";
            return false;
        }

        if (text.IndexOfAny(['?', '#']) >= 0)
        {
            error = $"'{serverUrl}' contains a query or fragment ('?' or '#'). Enter only host[:port][/path], for example 'mail.example.com/EWS/Exchange.asmx'.";
            return false;
        }

        if (text.Contains('@') || text.Contains('\\'))
        {
            error = $"'{serverUrl}' is not a host name ('@' and '\\' are not allowed; a user name or password belongs in UserName and Password). "
                + "Enter host[:port][/path], for example 'mail.example.com'.";
            return false;
        }

        if (!Uri.TryCreate((allowInsecureHttp ? "http://" : "https://") + text, UriKind.Absolute, out var uri)
            || string.IsNullOrEmpty(uri.Host) || uri.HostNameType == UriHostNameType.Unknown)
        {
            error = $"'{serverUrl}' is not a valid host[:port][/path]. Enter, for example, 'mail.example.com' or 'mail.example.com:443/EWS/Exchange.asmx'.";
            return false;
        }

        // DNS limits (RFC 1035): a name of at most 253 characters, each label at most 63. Longer names cannot resolve,
        // and would otherwise come back as a "connection refused" that looks transient and is retried.
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) && (uri.IdnHost.Length > 253 || uri.IdnHost.Split('.').Any(label => label.Length > 63)))
        {
            error = $"'{serverUrl}' has a host name longer than DNS allows ({uri.IdnHost.Length} characters; at most 253, and 63 per label between dots). "
                + "Check ServerUrl: enter the Exchange server's host name, for example 'mail.example.com'.";
            return false;
        }

        var authority = text.Split('/')[0];
        if (authority.EndsWith(':') || uri.Port is <= 0 or > 65535)
        {
            error = $"'{serverUrl}' has no valid port after ':'. Enter a port from 1 to 65535 (mail.example.com:8443), or leave ':' out for the default.";
            return false;
        }

        if (uri.AbsolutePath is "" or "/")
        {
            uri = new UriBuilder(uri) { Path = ExchangeConnectionOptions.DefaultEwsPath }.Uri;
        }

        endpoint = uri;
        error = null;
        return true;
    }

    /// <summary>Index of the ':' after a leading "http"/"https" typed with a broken "://" ("https:/host", "http:host"), or -1.</summary>
    private static int SchemeTypo(string text)
    {
        foreach (var scheme in new[] { "https:", "http:" })
        {
            if (text.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && !(text.Length > scheme.Length && char.IsAsciiDigit(text[scheme.Length])))
            {
                return scheme.Length - 1;
            }
        }

        return -1;
    }

    /// <summary>Builds the endpoint of valid options.</summary>
    /// <param name="options">Validated connection options.</param>
    /// <returns>The absolute EWS endpoint.</returns>
    /// <exception cref="ArgumentException"><see cref="ExchangeConnectionOptions.ServerUrl"/> is not valid; the message says what to type.</exception>
    public static Uri Create(ExchangeConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryCreate(options.ServerUrl, options.AllowInsecureHttp, out var endpoint, out var error)
            ? endpoint!
            : throw new ArgumentException($"ServerUrl of Exchange connection '{ValidationRules.Quote(options.SystemName)}' {error}", nameof(options));
    }

    /// <summary>The text for a message: a query or fragment replaced by <c>?***</c>, anything before its last '@' (a user name,
    /// a password) by <c>***</c>, control characters escaped.</summary>
    internal static string Redacted(string text)
    {
        // A query or fragment may carry a token or password (proxy?pw=...): never echoed, only marked.
        var query = text.IndexOfAny(['?', '#']);
        var redacted = query < 0 ? text : text[..query] + "?***";
        var at = redacted.LastIndexOf('@');
        if (at >= 0)
        {
            var scheme = redacted.IndexOf("://", StringComparison.Ordinal);
            var start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
            redacted = redacted[..start] + "***" + redacted[at..];
        }

        return ValidationRules.Quote(redacted);
    }
}
