using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Exchange.Sending.Tests.Support;

/// <summary>Certificates made in the test: a self-signed server certificate, a test CA and a leaf it issues, all for
/// 127.0.0.1 and localhost unless told otherwise. ECDSA P-256 (fast to make); re-imported from PKCS#12 so that SslStream
/// can use the private key on every platform.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 SelfSigned(string subject = "CN=exchange.test.local", params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(subject, key, names);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Reimport(certificate);
    }

    public static X509Certificate2 CreateCa(string subject = "CN=Exchange.Sending Test Root CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(1));
        return Reimport(certificate);
    }

    public static X509Certificate2 IssuedBy(X509Certificate2 ca, string subject = "CN=mail.test.local", params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(subject, key, names);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reimport(withKey);
    }

    /// <summary>Writes the certificate (public part only) to a new temporary file, PEM or DER.</summary>
    public static string WriteFile(X509Certificate2 certificate, bool pem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"exchange-sending-ca-{Guid.NewGuid():N}{(pem ? ".pem" : ".cer")}");
        if (pem)
        {
            File.WriteAllText(path, certificate.ExportCertificatePem());
        }
        else
        {
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Cert));
        }

        return path;
    }

    private static CertificateRequest ServerRequest(string subject, ECDsa key, string[] names)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names.Length == 0 ? ["127.0.0.1", "localhost"] : names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    private static X509Certificate2 Reimport(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
