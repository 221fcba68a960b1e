using System.Net;
using System.Net.Security;

namespace Exchange.Sending;

/// <summary>
/// Windows authentication: Kerberos through the HTTP <c>Negotiate</c> scheme and NTLM through the <c>NTLM</c>
/// scheme, as on-premises Exchange behind IIS expects. See docs/authentication.md.
/// </summary>
/// <remarks>
/// <para>The connection's handler gets credentials that answer per scheme: Kerberos (<c>user@REALM</c>, realm = the
/// domain upper-cased) under <c>Negotiate</c>, NTLM (<c>user</c> + domain as typed) under <c>NTLM</c>. Which are
/// offered follows <see cref="Mode"/>; with <see cref="ExchangeWindowsAuthenticationMode.NegotiateThenNtlm"/> Kerberos
/// is used when a Kerberos ticket for <c>HTTP/host</c> can be had, NTLM otherwise.</para>
/// <para><c>DOMAIN\user</c> and <c>user@domain</c> in the user name are split here (the domain in the name wins over
/// <see cref="Domain"/>): the managed NTLM implementation would not understand <c>DOMAIN\user</c>.</para>
/// <para>No user name: the process' default credentials, which outside Windows means the Kerberos ticket in the
/// credential cache (<c>kinit</c>); NTLM cannot use default credentials there.</para>
/// </remarks>
internal sealed class WindowsAuthenticationStrategy : ExchangeAuthenticationStrategy
{
    private readonly WindowsAccount _account;
    private readonly WindowsKerberosProbe _probe = new();
    private readonly WindowsCredentials _credentials;

    /// <summary>Creates the strategy.</summary>
    /// <param name="userName">Account (<c>user</c>, <c>DOMAIN\user</c> or <c>user@domain</c>); <see langword="null"/> for the process' default credentials.</param>
    /// <param name="password">Password of the account.</param>
    /// <param name="domain">NTLM domain / Kerberos realm.</param>
    /// <param name="mode">Which packages are offered.</param>
    public WindowsAuthenticationStrategy(string? userName, string? password, string? domain,
        ExchangeWindowsAuthenticationMode mode = ExchangeWindowsAuthenticationMode.NegotiateThenNtlm)
    {
        UserName = userName;
        Domain = domain;
        Mode = mode;
        _account = WindowsAccount.Parse(userName, password, domain);
        _credentials = new WindowsCredentials(_account, mode, _probe);
    }

    /// <summary>The account as configured (no password).</summary>
    public string? UserName { get; }

    /// <summary>The domain or realm as configured.</summary>
    public string? Domain { get; }

    /// <summary>Which packages are offered.</summary>
    public ExchangeWindowsAuthenticationMode Mode { get; }

    /// <summary><see langword="true"/> when this process uses the managed NTLM implementation (AppContext switch
    /// <c>System.Net.Security.UseManagedNtlm</c>; the default on macOS) instead of GSSAPI with gss-ntlmssp.</summary>
    internal static bool UsesManagedNtlm =>
        AppContext.TryGetSwitch("System.Net.Security.UseManagedNtlm", out var on) ? on : OperatingSystem.IsMacOS();

    /// <inheritdoc />
    public override string Name => "Windows";

    /// <inheritdoc />
    internal override bool UsesChallengeResponse => true;

    /// <inheritdoc />
    public override void ConfigureHandler(SocketsHttpHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handler.Credentials = _credentials;
        handler.PreAuthenticate = false;
    }

    /// <inheritdoc />
    internal override IDisposable? SuppressCredentials() => WindowsCredentials.Suppress();

    /// <inheritdoc />
    internal override ValueTask<ExchangeAuthenticationReport> DescribeAsync(Uri endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(response);
        var state = _credentials.StateFor(endpoint);
        var offeredNow = ExchangeAuthenticationReport.OfferedSchemesOf(response);
        state.Offered(offeredNow);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return ValueTask.FromResult(ExchangeAuthenticationReport.Success(state.OfferedSchemes, state.Scheme, state.Package));
        }

        return ValueTask.FromResult(DescribeFailure(endpoint, state, offeredNow));
    }

    /// <inheritdoc />
    public override string ToString() => $"Windows ({Mode}, {(_account.IsDefault ? "default credentials" : "user " + _account.NtlmDisplayName)})";

    private ExchangeAuthenticationReport DescribeFailure(Uri endpoint, WindowsEndpointState state, IReadOnlyList<string> offered)
    {
        var allowNegotiate = Mode != ExchangeWindowsAuthenticationMode.NtlmOnly;
        var allowNtlm = Mode != ExchangeWindowsAuthenticationMode.KerberosOnly;
        var negotiateOffered = offered.Contains(WindowsCredentials.NegotiateScheme, StringComparer.OrdinalIgnoreCase);
        var ntlmOffered = offered.Contains(WindowsCredentials.NtlmScheme, StringComparer.OrdinalIgnoreCase);
        var offeredText = ExchangeAuthenticationReport.Join(offered);

        if (!(allowNegotiate && negotiateOffered) && !(allowNtlm && ntlmOffered))
        {
            var uses = Mode switch
            {
                ExchangeWindowsAuthenticationMode.NtlmOnly => "NTLM only",
                ExchangeWindowsAuthenticationMode.KerberosOnly => "Negotiate (Kerberos) only",
                _ => "Negotiate or NTLM",
            };
            var hint = offered.Count == 0
                ? "The 401 carried no WWW-Authenticate header: a proxy or a server that is not set up for Windows authentication."
                : ntlmOffered && Mode == ExchangeWindowsAuthenticationMode.KerberosOnly
                    ? "Set WindowsAuthenticationMode to NegotiateThenNtlm or NtlmOnly, or enable Negotiate on the EWS virtual directory."
                    : negotiateOffered && Mode == ExchangeWindowsAuthenticationMode.NtlmOnly
                        ? "Set WindowsAuthenticationMode to NegotiateThenNtlm or KerberosOnly, or enable NTLM on the EWS virtual directory."
                        : offered.Contains("Basic", StringComparer.OrdinalIgnoreCase)
                            ? "If Basic is intended, set AuthenticationType to Basic (over HTTPS only)."
                            : "Enable Windows authentication on the EWS virtual directory or choose the matching AuthenticationType.";
            return ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.NoUsableScheme, offered,
                $"The server offers {offeredText}; this connection uses {uses}. {hint}");
        }

        if (string.Equals(state.Scheme, WindowsCredentials.NtlmScheme, StringComparison.OrdinalIgnoreCase) && allowNtlm && ntlmOffered)
        {
            if (!NtlmAvailable(endpoint))
            {
                return ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.MechanismUnavailable, offered,
                    "NTLM is not available to this process: gss-ntlmssp is not installed (Debian/Ubuntu: apt-get install gss-ntlmssp; "
                    + "RHEL/Fedora: dnf install gssntlmssp), or turn on managed NTLM with the AppContext switch System.Net.Security.UseManagedNtlm (see docs/authentication.md).");
            }

            var kerberosNote = allowNegotiate && negotiateOffered && state.Kerberos is { Available: false } k
                ? $" Kerberos was not used: {KerberosProblem(k).Message}"
                : "";
            return ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.CredentialsRejected, offered,
                $"The server refused the NTLM credentials of {_account.NtlmDisplayName} after a complete handshake: wrong password, unknown user, "
                + $"wrong domain (sent as '{_account.NtlmDomain ?? ""}'; NTLM servers may compare it exactly), or a disabled or locked account.{kerberosNote}");
        }

        if (string.Equals(state.Scheme, WindowsCredentials.NegotiateScheme, StringComparison.OrdinalIgnoreCase) && allowNegotiate && negotiateOffered)
        {
            var spn = state.Kerberos?.ServicePrincipalName ?? WindowsKerberosProbe.ServicePrincipalName(endpoint);
            return ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.CredentialsRejected, offered,
                $"The server refused the Kerberos ticket of {_account.KerberosDisplayName} for {spn}: its keytab does not hold the current key of that "
                + "service principal (SPN registered on another account, or an old key version), or the clocks differ by more than 5 minutes.");
        }

        // Nothing was sent: the credentials had nothing to offer for the schemes on the table.
        if (allowNegotiate && negotiateOffered)
        {
            var kerberos = state.Kerberos ?? _probe.Check(endpoint, _account);
            if (!kerberos.Available)
            {
                var (reason, message) = KerberosProblem(kerberos);
                if (allowNtlm && ntlmOffered && _account.IsDefault && !OperatingSystem.IsWindows())
                {
                    message += " NTLM cannot use the process' default credentials outside Windows: configure UserName, Password and Domain to use NTLM.";
                }
                else if (!ntlmOffered && allowNtlm)
                {
                    message += $" The server offers {offeredText} and no NTLM, so there is no fallback: fix Kerberos or enable NTLM on the EWS virtual directory.";
                }

                return ExchangeAuthenticationReport.Failure(reason, offered, message);
            }
        }

        if (allowNtlm && ntlmOffered && _account.IsDefault && !OperatingSystem.IsWindows())
        {
            return ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.MechanismUnavailable, offered,
                $"No user name is configured and outside Windows NTLM cannot use the process' default credentials; the server offers {offeredText}. "
                + "Configure UserName, Password and Domain, or get a Kerberos ticket (kinit) for a server that offers Negotiate.");
        }

        return ExchangeAuthenticationReport.Failure(ExchangeAuthenticationFailureReason.CredentialsRejected, offered,
            $"The server refused Windows authentication as {_account.NtlmDisplayName} (offered: {offeredText}).");
    }

    private (ExchangeAuthenticationFailureReason Reason, string Message) KerberosProblem(WindowsKerberosProbeResult kerberos)
    {
        if (kerberos.Status == NegotiateAuthenticationStatusCode.Unsupported)
        {
            return (ExchangeAuthenticationFailureReason.MechanismUnavailable,
                "Kerberos is not available to this process (no GSSAPI library: install libgssapi-krb5-2 / krb5-libs).");
        }

        if (kerberos.NoTicketGrantingTicket)
        {
            if (_account.IsDefault)
            {
                var cache = Environment.GetEnvironmentVariable("KRB5CCNAME");
                return (ExchangeAuthenticationFailureReason.NoDefaultCredentials,
                    $"No user name is configured and there is no Kerberos ticket in the credential cache ({(string.IsNullOrEmpty(cache) ? "the default cache" : cache)}): "
                    + "run kinit (or use a keytab) as the account the process runs as, or configure UserName, Password and Domain.");
            }

            var config = KerberosConfiguration.Describe(_account.KerberosRealm);
            if (config.Missing)
            {
                return (ExchangeAuthenticationFailureReason.MechanismUnavailable,
                    $"Kerberos could not get a ticket for {_account.KerberosDisplayName}: {config.Text}");
            }

            return (ExchangeAuthenticationFailureReason.KerberosUnavailable,
                $"Kerberos could not get a ticket-granting ticket for {_account.KerberosDisplayName}: wrong password, unknown user, "
                + $"or the KDC of realm {_account.KerberosRealm ?? "(default realm)"} is unreachable or unknown{config.Text}.");
        }

        return (ExchangeAuthenticationFailureReason.KerberosServiceUnknown,
            $"Kerberos got no service ticket for {kerberos.ServicePrincipalName} as {_account.KerberosDisplayName}: that service principal is not registered "
            + "in the realm (SPN mismatch: use the server name the SPN is registered for, not an IP address or an alias), or the KDC stopped answering.");
    }

    private bool NtlmAvailable(Uri endpoint)
    {
        if (UsesManagedNtlm || OperatingSystem.IsWindows())
        {
            return true;
        }

        try
        {
            using var ntlm = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
            {
                Package = "NTLM",
                Credential = _account.NtlmCredential,
                TargetName = WindowsKerberosProbe.ServicePrincipalName(endpoint),
            });
            ntlm.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out var status);
            return status != NegotiateAuthenticationStatusCode.Unsupported;
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>What the client's Kerberos configuration file says about a realm (Linux/macOS only).</summary>
    private static class KerberosConfiguration
    {
        public static (bool Missing, string Text) Describe(string? realm)
        {
            if (OperatingSystem.IsWindows())
            {
                return (false, "");
            }

            var path = Environment.GetEnvironmentVariable("KRB5_CONFIG")?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "/etc/krb5.conf";
            if (!File.Exists(path))
            {
                return (true, $"there is no Kerberos configuration ({path} does not exist; set KRB5_CONFIG or install krb5-config / write /etc/krb5.conf with the realm and its KDC).");
            }

            if (realm is null)
            {
                return (false, $" (configuration: {path})");
            }

            try
            {
                var listed = File.ReadLines(path).Any(line =>
                {
                    var trimmed = line.Trim();
                    return trimmed.StartsWith(realm, StringComparison.Ordinal) && trimmed[realm.Length..].TrimStart().StartsWith('=');
                });
                return (false, listed
                    ? $" (realm listed in {path})"
                    : $" (realm {realm} is not listed under [realms] in {path}; without DNS SRV records its KDC cannot be found)");
            }
            catch (IOException)
            {
                return (false, $" (configuration: {path})");
            }
            catch (UnauthorizedAccessException)
            {
                return (false, $" (configuration: {path})");
            }
        }
    }
}
