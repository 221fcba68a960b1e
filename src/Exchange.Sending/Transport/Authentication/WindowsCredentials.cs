using System.Collections.Concurrent;
using System.Net;

namespace Exchange.Sending;

/// <summary>
/// The <see cref="ICredentials"/> set on the connection's handler. HttpClient asks it for <c>Negotiate</c> first, then
/// <c>NTLM</c>, for the schemes the server offered. It answers according to the mode: Kerberos credentials under
/// <c>Negotiate</c> only when a Kerberos ticket for the server can be had (so Negotiate never silently turns into NTLM,
/// and managed NTLM never gets NTLM credentials under Negotiate, dotnet/runtime#122895), NTLM credentials under
/// <c>NTLM</c>. It records what was offered and chosen per endpoint for the connection check and error messages.
/// </summary>
internal sealed class WindowsCredentials(WindowsAccount account, ExchangeWindowsAuthenticationMode mode, WindowsKerberosProbe probe) : ICredentials
{
    internal const string NegotiateScheme = "Negotiate";
    internal const string NtlmScheme = "NTLM";
    private static readonly AsyncLocal<bool> Suppressed = new();
    private readonly ConcurrentDictionary<string, WindowsEndpointState> _states = new(StringComparer.OrdinalIgnoreCase);

    public NetworkCredential? GetCredential(Uri uri, string authType)
    {
        if (Suppressed.Value)
        {
            return null;
        }

        var state = StateFor(uri);
        state.Offered(authType);
        if (string.Equals(authType, NtlmScheme, StringComparison.OrdinalIgnoreCase))
        {
            if (mode == ExchangeWindowsAuthenticationMode.KerberosOnly || (account.IsDefault && !OperatingSystem.IsWindows()))
            {
                // Outside Windows, NTLM cannot use default credentials: the runtime refuses them.
                return null;
            }

            state.Chose(NtlmScheme, "NTLM");
            return account.NtlmCredential;
        }

        if (string.Equals(authType, NegotiateScheme, StringComparison.OrdinalIgnoreCase))
        {
            if (mode == ExchangeWindowsAuthenticationMode.NtlmOnly)
            {
                return null;
            }

            var kerberos = probe.Check(uri, account);
            state.Kerberos = kerberos;
            if (!kerberos.Available)
            {
                // NegotiateThenNtlm: HttpClient asks for NTLM next when the server offers it.
                return null;
            }

            state.Chose(NegotiateScheme, "Kerberos");
            return account.KerberosCredential;
        }

        // Never hand a Windows password to Basic or Digest.
        return null;
    }

    public WindowsEndpointState StateFor(Uri uri) => _states.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => new WindowsEndpointState());

    public static IDisposable Suppress()
    {
        var previous = Suppressed.Value;
        Suppressed.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Suppressed.Value = previous;
    }
}

/// <summary>What one endpoint offered and what was chosen, as seen through <see cref="WindowsCredentials"/>.</summary>
internal sealed class WindowsEndpointState
{
    private readonly object _gate = new();
    private readonly List<string> _offered = [];

    public WindowsKerberosProbeResult? Kerberos { get; set; }

    public string? Scheme { get; private set; }

    public string? Package { get; private set; }

    public IReadOnlyList<string> OfferedSchemes
    {
        get
        {
            lock (_gate)
            {
                return _offered.ToArray();
            }
        }
    }

    public void Offered(string scheme)
    {
        lock (_gate)
        {
            if (!_offered.Contains(scheme, StringComparer.OrdinalIgnoreCase))
            {
                _offered.Add(scheme);
            }
        }
    }

    public void Offered(IEnumerable<string> schemes)
    {
        foreach (var scheme in schemes)
        {
            Offered(scheme);
        }
    }

    public void Chose(string scheme, string package)
    {
        lock (_gate)
        {
            Scheme = scheme;
            Package = package;
        }
    }
}
