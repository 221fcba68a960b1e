using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Http;

/// <summary>Certificate trust over real HTTPS on loopback: the bundled server presents a certificate made here. Trust is
/// added by thumbprint or CA file, never by turning validation off; a rejection names the certificate and the setting.</summary>
public class CertificateTrustTests
{
    [SkippableFact]
    public async Task A_self_signed_certificate_is_untrusted_by_default_and_the_error_names_it_and_the_setting()
    {
        using var certificate = TestCertificates.SelfSigned("CN=exchange.test.local");
        await using var server = await StartHttpsAsync(certificate);
        server.EndpointUri.Scheme.Should().Be("https");
        using var sender = ServerFixture.Sender(server, o => o.AllowInsecureHttp = false);

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.Tls);
        error.Message.Should().Contain("is not trusted")
            .And.Contain("subject 'CN=exchange.test.local'")
            .And.Contain("issuer 'CN=exchange.test.local'")
            .And.Contain(certificate.GetCertHashString(HashAlgorithmName.SHA256))
            .And.Contain(certificate.GetCertHashString(HashAlgorithmName.SHA1))
            .And.Contain("Chain status:")
            .And.Contain("TrustedCertificateThumbprints")
            .And.Contain("TrustedCaCertificateFile");
        error.OutcomeUnknown.Should().BeFalse();
        server.SentMessages.Should().BeEmpty();
        server.Requests.Should().BeEmpty("the handshake failed before any request");
    }

    [SkippableFact]
    public async Task A_certificate_trusted_by_its_sha256_thumbprint_is_accepted()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = await StartHttpsAsync(certificate);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()];
        });

        await sender.SendAsync(TestOptions.Message());
        server.SentMessages.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task A_sha1_thumbprint_copied_from_windows_with_spaces_and_an_invisible_mark_is_accepted()
    {
        using var certificate = TestCertificates.SelfSigned();
        await using var server = await StartHttpsAsync(certificate);
        var sha1 = certificate.GetCertHashString(HashAlgorithmName.SHA1);
        var asWindowsShowsIt = "\u200e" + string.Join(' ', Enumerable.Range(0, sha1.Length / 2).Select(i => sha1.Substring(i * 2, 2).ToLowerInvariant()));
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [asWindowsShowsIt];
        });

        await sender.SendAsync(TestOptions.Message());
        server.SentMessages.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task A_wrong_thumbprint_still_fails_with_the_certificates_own_thumbprint_in_the_message()
    {
        using var certificate = TestCertificates.SelfSigned();
        using var other = TestCertificates.SelfSigned("CN=someone.else");
        await using var server = await StartHttpsAsync(certificate);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [other.GetCertHashString(HashAlgorithmName.SHA256)];
        });

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.Tls);
        error.Message.Should().Contain(certificate.GetCertHashString(HashAlgorithmName.SHA256)).And.NotContain(other.GetCertHashString(HashAlgorithmName.SHA256));
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_trusted_thumbprint_does_not_excuse_a_host_name_mismatch()
    {
        using var certificate = TestCertificates.SelfSigned("CN=other.test.local", "other.test.local");
        await using var server = await StartHttpsAsync(certificate);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AllowInsecureHttp = false;
            o.TrustedCertificateThumbprints = [certificate.GetCertHashString(HashAlgorithmName.SHA256)];
        });

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.Tls);
        error.Message.Should().Contain("Its names (other.test.local) do not include '127.0.0.1'").And.Contain("ServerUrl");
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_certificate_issued_by_the_ca_in_the_ca_file_is_accepted(bool pem)
    {
        using var ca = TestCertificates.CreateCa();
        using var leaf = TestCertificates.IssuedBy(ca);
        var file = TestCertificates.WriteFile(ca, pem);
        try
        {
            await using var server = await StartHttpsAsync(leaf);
            using var sender = ServerFixture.Sender(server, o =>
            {
                o.AllowInsecureHttp = false;
                o.TrustedCaCertificateFile = file;
            });

            await sender.SendAsync(TestOptions.Message());
            server.SentMessages.Should().HaveCount(1);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task A_certificate_from_another_ca_is_rejected_naming_the_ca_file()
    {
        using var ca = TestCertificates.CreateCa();
        using var otherCa = TestCertificates.CreateCa("CN=Another Test CA");
        using var leaf = TestCertificates.IssuedBy(otherCa);
        var file = TestCertificates.WriteFile(ca, pem: true);
        try
        {
            await using var server = await StartHttpsAsync(leaf);
            using var sender = ServerFixture.Sender(server, o =>
            {
                o.AllowInsecureHttp = false;
                o.TrustedCaCertificateFile = file;
            });

            var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
            error.Failure.Should().Be(ExchangeTransportFailure.Tls);
            error.Message.Should().Contain("issuer 'CN=Another Test CA'").And.Contain($"does not chain to the CA in TrustedCaCertificateFile '{file}'");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task A_ca_issued_leaf_for_another_host_is_rejected_even_with_the_ca_trusted()
    {
        using var ca = TestCertificates.CreateCa();
        using var leaf = TestCertificates.IssuedBy(ca, "CN=other.test.local", "other.test.local");
        var file = TestCertificates.WriteFile(ca, pem: true);
        try
        {
            await using var server = await StartHttpsAsync(leaf);
            using var sender = ServerFixture.Sender(server, o =>
            {
                o.AllowInsecureHttp = false;
                o.TrustedCaCertificateFile = file;
            });

            var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeTransportException>()).Which;
            error.Message.Should().Contain("do not include '127.0.0.1'");
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static Task<FakeEwsServer> StartHttpsAsync(X509Certificate2 certificate) =>
        ServerFixture.StartAsync(o => o.ServerCertificate = certificate);
}
