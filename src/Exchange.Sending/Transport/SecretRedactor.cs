using System.Collections.Concurrent;
using System.Text;

namespace Exchange.Sending.Transport;

/// <summary>
/// Removes the connection's secrets from text a server sent back (an error page, a SOAP fault, a response's
/// MessageText), because a server or proxy that echoes the request would otherwise put the password or the
/// <c>Authorization</c> value into exception messages and logs. Knows the password, Basic's <c>user:password</c> in
/// base64 and every <c>Authorization</c> value this connection sent.
/// </summary>
internal sealed class SecretRedactor
{
    private const string Mask = "***";

    // Shorter strings are too likely to occur by chance in ordinary text.
    private const int MinimumLength = 4;

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);

    public SecretRedactor(ExchangeConnectionOptions options)
    {
        Add(options.Password);
        if (!string.IsNullOrEmpty(options.Password))
        {
            Add(Convert.ToBase64String(Encoding.UTF8.GetBytes((options.UserName ?? "") + ":" + options.Password)));
        }
    }

    /// <summary>Remembers the credentials a request carries (its <c>Authorization</c> value), once it has been applied.</summary>
    public void AddFrom(HttpRequestMessage request)
    {
        if (request.Headers.Authorization is { } authorization)
        {
            Add(authorization.Parameter);
            Add(authorization.ToString());
        }
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <c>***</c>.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets.Keys)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    // NTLM/Negotiate and bearer values change per connection or per token: a bound keeps a long-lived sender from growing.
    private const int MaximumSecrets = 256;

    private void Add(string? secret)
    {
        if (secret is { Length: >= MinimumLength } && _secrets.Count < MaximumSecrets)
        {
            _secrets.TryAdd(secret, 0);
            // A base64 value also echoes without its padding (as an XML name, say).
            if (secret.EndsWith('=') && secret.TrimEnd('=') is { Length: >= MinimumLength } unpadded)
            {
                _secrets.TryAdd(unpadded, 0);
            }
        }
    }
}
