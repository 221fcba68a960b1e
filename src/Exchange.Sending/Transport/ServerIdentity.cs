using System.Net.Http.Headers;

namespace Exchange.Sending.Transport;

/// <summary>
/// What one connection has learned about the server behind it, from every answer: the <c>ServerVersionInfo</c> SOAP
/// header and the Basic realm of a 401. gromox sends no <c>Server</c> header; it gives itself away by its fixed
/// version 15.0.847.4040 with <c>V2017_07_11</c> (no Exchange build has minor build 4040, and Exchange 2013 SP1, build
/// 15.0.847, reports Exchange2013_SP1) and by the realm <c>msrpc realm</c>. Thread-safe; the latest evidence wins, so a
/// connection that moves to another server re-learns.
/// </summary>
internal sealed class ServerIdentity
{
    private const string GromoxRealm = "msrpc realm";

    private volatile Snapshot? _current;

    /// <summary><see langword="true"/> once any answer told something (a version, or its absence in a SOAP answer, or a realm).</summary>
    public bool IsKnown => _current is not null;

    public ExchangeServerProduct Product => _current?.Product ?? ExchangeServerProduct.Unknown;

    /// <summary>The evidence behind <see cref="Product"/>, in words.</summary>
    public string Evidence => _current?.Evidence ?? "no answer from the server yet";

    public ExchangeServerVersionInfo? Version => _current?.Version;

    /// <summary>Records a SOAP answer's <c>ServerVersionInfo</c> (or its absence).</summary>
    public void Observe(ExchangeServerVersionInfo? version)
    {
        if (version is null)
        {
            // A realm already seen says more than a SOAP answer without a version.
            if (_current is null)
            {
                _current = new Snapshot(ExchangeServerProduct.Unknown, null, "the server's answers carry no ServerVersionInfo");
            }

            return;
        }

        var product = IsGromox(version) ? ExchangeServerProduct.Gromox : ExchangeServerProduct.MicrosoftExchange;
        if (_current is { } known && known.Version == version && known.Product == product)
        {
            return;
        }

        _current = new Snapshot(product, version, product == ExchangeServerProduct.Gromox
            ? $"ServerVersionInfo {version} is gromox's fixed version"
            : $"ServerVersionInfo {version}");
    }

    /// <summary>Records what a 401 answer's challenges say (only a gromox realm is telling).</summary>
    public void ObserveChallenge(HttpHeaders headers)
    {
        if (!headers.TryGetValues("WWW-Authenticate", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            if (value.StartsWith("Basic", StringComparison.OrdinalIgnoreCase) && value.Contains($"realm=\"{GromoxRealm}\"", StringComparison.OrdinalIgnoreCase))
            {
                _current = new Snapshot(ExchangeServerProduct.Gromox, _current?.Version, $"its 401 answer's Basic realm is \"{GromoxRealm}\", gromox's");
                return;
            }
        }
    }

    internal static bool IsGromox(ExchangeServerVersionInfo version) =>
        version is { MajorVersion: 15, MinorVersion: 0, MajorBuildNumber: 847, MinorBuildNumber: 4040 };

    private sealed record Snapshot(ExchangeServerProduct Product, ExchangeServerVersionInfo? Version, string Evidence);
}
