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

    // What Redact scans: a copy made when a secret is added (rarely), because ConcurrentDictionary.Keys takes every lock and
    // copies on each call, and Redact runs on every response (issue 10).
    private volatile string[] _snapshot = [];
    private readonly object _snapshotGate = new();

    // The Authorization value of the last request seen: Basic (and a token, until it changes) applies the same one each time.
    private volatile string? _lastAuthorization;

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
        // Read unparsed: the strategies add their value as text, and parsing it on every request cost an allocation.
        if (!request.Headers.NonValidated.TryGetValues("Authorization", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            if (ReferenceEquals(value, _lastAuthorization) || value == _lastAuthorization)
            {
                continue;
            }

            Add(value);
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                // The credentials alone (the scheme's parameter), as a server may echo them without the scheme.
                Add(value[(space + 1)..].Trim());
            }

            _lastAuthorization = value;
        }
    }

    /// <summary><paramref name="text"/> with every known secret replaced by <c>***</c>.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _snapshot)
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
            var added = _secrets.TryAdd(secret, 0);
            // A base64 value also echoes without its padding (as an XML name, say).
            if (secret.EndsWith('=') && secret.TrimEnd('=') is { Length: >= MinimumLength } unpadded)
            {
                added |= _secrets.TryAdd(unpadded, 0);
            }

            if (added)
            {
                // Rebuilt from the live keys under a lock: two requests adding at once must not let the one that read the keys
                // first overwrite a newer copy (a secret would then be missing from every later Redact). Longest first, so
                // that a secret containing another is masked whole.
                lock (_snapshotGate)
                {
                    _snapshot = [.. _secrets.Keys.OrderByDescending(k => k.Length)];
                }
            }
        }
    }
}
