using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Exchange.Sending.Transport.Http;

/// <summary>
/// Decides whether a server certificate is trusted, never by switching validation off. Accepted are (a) a certificate the
/// machine already trusts for the host (no <see cref="SslPolicyErrors"/>); (b) one whose chain builds to a CA in
/// <see cref="ExchangeConnectionOptions.TrustedCaCertificateFile"/> (<see cref="X509ChainTrustMode.CustomRootTrust"/>) and
/// whose names include the host; (c) a leaf whose thumbprint is in <see cref="ExchangeConnectionOptions.TrustedCertificateThumbprints"/>,
/// within its validity period, whose names include the host. Anything else throws
/// <see cref="ServerCertificateRejectedException"/>, which names the certificate and the setting that would trust it.
/// </summary>
internal sealed class ServerCertificateTrust
{
    private readonly HashSet<string> _thumbprints;
    private readonly X509Certificate2Collection _authorities;
    private readonly string? _caFile;
    private readonly TimeProvider _time;

    private ServerCertificateTrust(HashSet<string> thumbprints, X509Certificate2Collection authorities, string? caFile, TimeProvider time)
    {
        _thumbprints = thumbprints;
        _authorities = authorities;
        _caFile = caFile;
        _time = time;
    }

    /// <summary>Whether extra trust is configured at all.</summary>
    public bool IsConfigured => _thumbprints.Count > 0 || _authorities.Count > 0;

    /// <summary>Reads the trust settings of a validated connection (the CA file is read now).</summary>
    public static ServerCertificateTrust Create(ExchangeConnectionOptions options, TimeProvider? time = null)
    {
        var thumbprints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in options.TrustedCertificateThumbprints ?? [])
        {
            if (NormalizeThumbprint(text) is { } normalized)
            {
                thumbprints.Add(normalized);
            }
        }

        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(options.TrustedCaCertificateFile))
        {
            authorities = LoadCertificates(options.TrustedCaCertificateFile, out var error)
                ?? throw new InvalidOperationException($"Exchange connection '{ValidationRules.Quote(options.SystemName)}': TrustedCaCertificateFile " + error);
        }

        return new ServerCertificateTrust(thumbprints, authorities, options.TrustedCaCertificateFile, time ?? TimeProvider.System);
    }

    /// <summary>Upper-case hex without separators when <paramref name="text"/> is a SHA-1 (40) or SHA-256 (64) thumbprint;
    /// <see langword="null"/> otherwise. Spaces, colons, dashes and the invisible direction marks Windows' dialog copies are ignored.</summary>
    public static string? NormalizeThumbprint(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var hex = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is ':' or '-' or '\u200e' or '\u200f' or '\ufeff')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }

            hex.Append(char.ToUpperInvariant(c));
        }

        return hex.Length is 40 or 64 ? hex.ToString() : null;
    }

    /// <summary>Loads every certificate of a PEM (one or more <c>BEGIN CERTIFICATE</c> blocks) or DER file.</summary>
    /// <returns>The certificates; <see langword="null"/> with <paramref name="error"/> (worded after the setting's name) when the file is missing or unreadable.</returns>
    public static X509Certificate2Collection? LoadCertificates(string path, out string error)
    {
        error = "";
        if (!File.Exists(path))
        {
            error = $"'{ValidationRules.Quote(path)}' does not exist (or cannot be seen by this process); enter the full path of the CA's certificate (PEM or DER).";
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = Encoding.ASCII.GetString(bytes);
            var collection = new X509Certificate2Collection();
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPem(text);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificate(bytes));
            }

            if (collection.Count == 0)
            {
                error = $"'{ValidationRules.Quote(path)}' holds no certificate; export the CA's certificate as PEM (Base-64 encoded X.509, .cer/.crt/.pem) or DER.";
                return null;
            }

            return collection;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            error = $"'{ValidationRules.Quote(path)}' is not a certificate in PEM or DER form ({ex.Message}); export the CA's certificate as PEM (Base-64 encoded X.509, .cer/.crt/.pem) or DER, without its private key.";
            return null;
        }
    }

    /// <summary>The <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>: <see langword="true"/>
    /// when trusted; otherwise throws.</summary>
    /// <exception cref="ServerCertificateRejectedException">The certificate is not trusted; the message says why and what to set.</exception>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;   // (a) the machine trusts it for this host
        }

        var host = (sender as SslStream)?.TargetHostName ?? "";
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;   // the server sent none: SslStream's own message says so
        }

        using var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        var leaf = owned ?? (X509Certificate2)certificate;
        var nameMatches = !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        var sha256 = leaf.GetCertHashString(HashAlgorithmName.SHA256);
        var sha1 = leaf.GetCertHashString(HashAlgorithmName.SHA1);

        if (nameMatches && (_thumbprints.Contains(sha256) || _thumbprints.Contains(sha1)) && WithinValidity(leaf))
        {
            return true;   // (c) pinned
        }

        string? customChainStatus = null;
        if (nameMatches && _authorities.Count > 0)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            custom.ChainPolicy.VerificationTime = _time.GetLocalNow().DateTime;
            if (chain is not null)
            {
                // The intermediates the server sent.
                foreach (var element in chain.ChainElements.Skip(1))
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            if (custom.Build(leaf))
            {
                return true;   // (b) issued by the configured CA
            }

            customChainStatus = Describe(custom.ChainStatus);
        }

        throw new ServerCertificateRejectedException(Explain(host, leaf, chain, errors, sha256, sha1, customChainStatus));
    }

    private bool WithinValidity(X509Certificate2 leaf)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return now >= leaf.NotBefore.ToUniversalTime() && now <= leaf.NotAfter.ToUniversalTime();
    }

    private string Explain(string host, X509Certificate2 leaf, X509Chain? chain, SslPolicyErrors errors, string sha256, string sha1, string? customChainStatus)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"the server certificate of {host} is not trusted: subject '{leaf.Subject}', issuer '{leaf.Issuer}', ")
            .Append(CultureInfo.InvariantCulture, $"SHA-256 thumbprint {sha256}, SHA-1 thumbprint {sha1}, ")
            .Append(CultureInfo.InvariantCulture, $"valid {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} to {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC. ");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            text.Append("Chain status: ").Append(chain is null ? "not built" : Describe(chain.ChainStatus)).Append(". ");
        }

        if (customChainStatus is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"It does not chain to the CA in TrustedCaCertificateFile '{ValidationRules.Quote(_caFile)}': {customChainStatus}. ");
        }

        var pinned = _thumbprints.Contains(sha256) || _thumbprints.Contains(sha1);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = NamesOf(leaf);
            text.Append(CultureInfo.InvariantCulture, $"Its names ({(names.Count == 0 ? "none" : string.Join(", ", names))}) do not include '{host}', the host in ServerUrl; ")
                .Append("enter ServerUrl with one of its names, or have the server's certificate issued for this name (a trusted thumbprint or CA does not excuse a name mismatch).");
            return text.ToString();
        }

        if (pinned)
        {
            text.Append("Its thumbprint is in TrustedCertificateThumbprints, but it is outside its validity period; renew the server's certificate and trust the new thumbprint.");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"If this is your Exchange server's certificate, trust it without turning validation off: add '{sha256}' to TrustedCertificateThumbprints (this certificate only), ")
            .Append("or set TrustedCaCertificateFile to the certificate (PEM or DER) of the CA that issued it, or install that CA in the machine's trust store.");
        return text.ToString();
    }

    private static string Describe(X509ChainStatus[] statuses) =>
        statuses.Length == 0 ? "no error" : string.Join("; ", statuses.Select(s => $"{s.Status} ({s.StatusInformation.Trim()})"));

    private static List<string> NamesOf(X509Certificate2 leaf)
    {
        var names = new List<string>();
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        if (names.Count == 0 && leaf.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } cn)
        {
            names.Add(cn);
        }

        return names;
    }
}

/// <summary>Thrown from the certificate validation callback: the TLS handshake fails with this message, which names the
/// certificate (subject, issuer, thumbprints, chain status) and the setting that would trust it.</summary>
internal sealed class ServerCertificateRejectedException(string message) : AuthenticationException(message);
