using System.Net;

namespace Exchange.Sending;

/// <summary>
/// The account of a Windows-authentication connection, split once: <c>DOMAIN\user</c> and <c>user@domain</c> typed
/// into the user name are understood (the domain in the name wins over the Domain field). NTLM gets the domain as
/// typed; Kerberos gets it upper-cased as the realm. No user name: the process' default credentials.
/// </summary>
internal sealed class WindowsAccount
{
    private WindowsAccount(string? user, string? password, string? domain)
    {
        User = user;
        Password = password ?? "";
        NtlmDomain = domain;
        KerberosRealm = domain?.ToUpperInvariant();
    }

    /// <summary>Account name without domain; <see langword="null"/> for default credentials.</summary>
    public string? User { get; }

    private string Password { get; }

    /// <summary>Domain for NTLM, as typed (gss-ntlmssp and some servers compare it case-sensitively).</summary>
    public string? NtlmDomain { get; }

    /// <summary>Kerberos realm: the domain upper-cased.</summary>
    public string? KerberosRealm { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(User))]
    public bool IsDefault => User is null;

    public bool HasPassword => Password.Length > 0;

    /// <summary><c>DOMAIN\user</c> for NTLM messages; never the password.</summary>
    public string NtlmDisplayName => IsDefault ? "the process' default credentials" : NtlmDomain is null ? User : NtlmDomain + "\\" + User;

    /// <summary><c>user@REALM</c> for Kerberos messages.</summary>
    public string KerberosDisplayName => IsDefault ? "the default Kerberos credentials (credential cache)" : KerberosRealm is null ? User + " (default realm)" : User + "@" + KerberosRealm;

    /// <summary>Credentials for the <c>NTLM</c> scheme.</summary>
    public NetworkCredential NtlmCredential => IsDefault ? CredentialCache.DefaultNetworkCredentials : new NetworkCredential(User, Password, NtlmDomain ?? "");

    /// <summary>Credentials for Kerberos (the <c>Negotiate</c> scheme): <c>user@REALM</c>.</summary>
    public NetworkCredential KerberosCredential => IsDefault ? CredentialCache.DefaultNetworkCredentials : new NetworkCredential(User, Password, KerberosRealm ?? "");

    public static WindowsAccount Parse(string? userName, string? password, string? domain)
    {
        var field = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim();
        if (string.IsNullOrWhiteSpace(userName))
        {
            return new WindowsAccount(null, null, field);
        }

        var name = userName.Trim();
        var backslash = name.IndexOf('\\');
        if (backslash > 0 && backslash < name.Length - 1)
        {
            return new WindowsAccount(name[(backslash + 1)..], password, name[..backslash]);
        }

        var at = name.LastIndexOf('@');
        if (at > 0 && at < name.Length - 1)
        {
            return new WindowsAccount(name[..at], password, name[(at + 1)..]);
        }

        return new WindowsAccount(name, password, field);
    }
}
