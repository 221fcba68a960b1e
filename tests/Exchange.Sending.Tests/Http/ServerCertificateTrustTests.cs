using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Exchange.Sending.Tests.Support;
using Exchange.Sending.Transport.Http;
using FluentAssertions;

namespace Exchange.Sending.Tests.Http;

/// <summary>The trust decision on its own, for what a live handshake cannot easily show: time, and what is never excused.</summary>
public class ServerCertificateTrustTests
{
    [Fact]
    public void A_pinned_certificate_outside_its_validity_period_is_rejected()
    {
        using var certificate = TestCertificates.SelfSigned();
        var options = TestOptions.Valid(o => o.TrustedCertificateThumbprints = [certificate.GetCertHashString(HashAlgorithmName.SHA256)]);
        var now = ServerCertificateTrust.Create(options);
        var later = ServerCertificateTrust.Create(options, new FixedTime(certificate.NotAfter.ToUniversalTime().AddDays(1)));

        now.Validate(null!, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors).Should().BeTrue();
        var validate = () => later.Validate(null!, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors);
        validate.Should().Throw<ServerCertificateRejectedException>().WithMessage("*in TrustedCertificateThumbprints, but it is outside its validity period*");
    }

    [Fact]
    public void Without_trust_settings_only_a_certificate_without_errors_passes()
    {
        using var certificate = TestCertificates.SelfSigned();
        var trust = ServerCertificateTrust.Create(TestOptions.Valid());
        trust.IsConfigured.Should().BeFalse();
        trust.Validate(null!, certificate, null, SslPolicyErrors.None).Should().BeTrue();
        trust.Validate(null!, null, null, SslPolicyErrors.RemoteCertificateNotAvailable).Should().BeFalse();
        var validate = () => trust.Validate(null!, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors);
        validate.Should().Throw<ServerCertificateRejectedException>().WithMessage("*add '" + certificate.GetCertHashString(HashAlgorithmName.SHA256) + "' to TrustedCertificateThumbprints*");
    }

    [Theory]
    [InlineData("aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd", "AABBCCDDEEFF00112233445566778899AABBCCDD")]
    [InlineData("\u200eaa bb cc dd ee ff 00 11 22 33 44 55 66 77 88 99 aa bb cc dd", "AABBCCDDEEFF00112233445566778899AABBCCDD")]
    [InlineData("AABBCCDDEEFF00112233445566778899AABBCCD", null)]
    [InlineData("AABBCCDDEEFF00112233445566778899AABBCCDG", null)]
    public void Thumbprints_are_normalized_or_refused(string text, string? expected)
    {
        ServerCertificateTrust.NormalizeThumbprint(text).Should().Be(expected);
    }

    private sealed class FixedTime(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
