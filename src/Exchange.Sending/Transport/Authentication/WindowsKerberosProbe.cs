using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;

namespace Exchange.Sending;

/// <summary>
/// Asks the platform (GSSAPI on Linux, SSPI on Windows) for a Kerberos service ticket for <c>HTTP/host</c> without
/// contacting the web server: that tells whether the <c>Negotiate</c> scheme would authenticate with Kerberos, and if
/// not, why (no ticket-granting ticket, or no service principal). Results are cached per service principal.
/// </summary>
internal sealed class WindowsKerberosProbe
{
    private static readonly TimeSpan SuccessLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (WindowsKerberosProbeResult Result, DateTimeOffset Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public WindowsKerberosProbeResult Check(Uri endpoint, WindowsAccount account, bool refresh = false)
    {
        var spn = ServicePrincipalName(endpoint);
        if (!refresh && _cache.TryGetValue(spn, out var cached) && cached.Expires > DateTimeOffset.UtcNow)
        {
            return cached.Result;
        }

        NegotiateAuthenticationStatusCode status;
        try
        {
            using var kerberos = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
            {
                Package = "Kerberos",
                Credential = account.KerberosCredential,
                TargetName = spn,
            });
            kerberos.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out status);
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            status = NegotiateAuthenticationStatusCode.Unsupported;
        }

        var result = new WindowsKerberosProbeResult(spn, status);
        _cache[spn] = (result, DateTimeOffset.UtcNow + (result.Available ? SuccessLifetime : FailureLifetime));
        return result;
    }

    /// <summary><c>HTTP/host</c> as HttpClient derives it (DNS canonical name, no port: Kerberos service names carry none).</summary>
    public static string ServicePrincipalName(Uri endpoint)
    {
        var host = endpoint.IdnHost;
        if (endpoint.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6))
        {
            try
            {
                host = Dns.GetHostEntry(host).HostName;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Keep the name as typed; the transport reports DNS failures itself.
            }
        }

        return "HTTP/" + host;
    }
}

/// <summary>Outcome of a <see cref="WindowsKerberosProbe"/>.</summary>
internal sealed record WindowsKerberosProbeResult(string ServicePrincipalName, NegotiateAuthenticationStatusCode Status)
{
    public bool Available => Status is NegotiateAuthenticationStatusCode.Completed or NegotiateAuthenticationStatusCode.ContinueNeeded;

    /// <summary>No ticket-granting ticket could be had (bad password, unknown principal or realm, KDC down, empty cache).</summary>
    public bool NoTicketGrantingTicket => Status is NegotiateAuthenticationStatusCode.UnknownCredentials
        or NegotiateAuthenticationStatusCode.CredentialsExpired or NegotiateAuthenticationStatusCode.InvalidCredentials;
}
