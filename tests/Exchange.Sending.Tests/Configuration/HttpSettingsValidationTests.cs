using System.Security.Cryptography;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;

namespace Exchange.Sending.Tests.Configuration;

/// <summary>Proxy and certificate trust settings are checked before any I/O, each message naming the field and the fix.</summary>
public class HttpSettingsValidationTests
{
    [Theory]
    [InlineData("proxy.example.com:3128", "is not an absolute http:// or https:// URL")]
    [InlineData("ftp://proxy.example.com", "is not an absolute http:// or https:// URL")]
    [InlineData("http://user:secret@proxy.example.com:3128", "contains a user name or password")]
    [InlineData("http://proxy.example.com:3128/path", "has a path or query")]
    public void A_proxy_url_that_is_not_an_absolute_http_url_is_refused(string url, string reason)
    {
        var errors = TestOptions.Valid(o => o.ProxyUrl = url).Validate();
        errors.Should().ContainSingle().Which.Should().Contain("ProxyUrl").And.Contain(reason).And.NotContain("secret");
    }

    [Theory]
    [InlineData("http://proxy.example.com:3128?pw=secret")]
    [InlineData("http://proxy.example.com:3128/?pw=secret")]
    [InlineData("http://proxy.example.com:3128#secret")]
    [InlineData("proxy.example.com:3128?pw=secret")]
    [InlineData("http://u:secret@proxy.example.com:3128?pw=secret")]
    public void A_query_or_fragment_in_the_proxy_url_is_never_echoed(string url)
    {
        var options = TestOptions.Valid(o => o.ProxyUrl = url);
        var errors = options.Validate();
        errors.Should().ContainSingle().Which.Should().Contain("ProxyUrl").And.Contain("?***").And.NotContain("secret");
        options.ToString().Should().NotContain("secret");
    }

    [Fact]
    public void A_query_in_the_server_url_is_never_echoed()
    {
        var options = TestOptions.Valid(o => o.ServerUrl = "mail.example.com/EWS/Exchange.asmx?token=secret");
        options.Validate().Should().ContainSingle().Which.Should().Contain("'mail.example.com/EWS/Exchange.asmx?***'").And.NotContain("secret");
        options.ToString().Should().NotContain("secret");
    }

    [Fact]
    public void A_valid_proxy_with_bypass_list_passes()
    {
        TestOptions.Valid(o =>
        {
            o.ProxyUrl = "http://proxy.example.com:3128";
            o.ProxyBypassList = ["mail.example.com", "*.corp.example.com"];
            o.ProxyUseDefaultCredentials = true;
        }).Validate().Should().BeEmpty();
    }

    [Theory]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("mail.example.com:443")]
    [InlineData("mail.*.com")]
    [InlineData("10.0.0.0/8")]
    [InlineData("http://mail.example.com")]
    [InlineData("mail example.com")]
    [InlineData("[10.1.2.3]")]
    public void A_bypass_entry_the_proxy_does_not_honour_is_refused_by_name(string entry)
    {
        var errors = TestOptions.Valid(o =>
        {
            o.ProxyUrl = "http://proxy.example.com:3128";
            o.ProxyBypassList = ["mail.example.com", entry];
        }).Validate();
        errors.Should().ContainSingle().Which.Should().Contain($"ProxyBypassList entry '{entry}'").And.Contain("'mail.example.com'").And.Contain("'*.example.com'");
    }

    [Theory]
    [InlineData(".example.com")]
    [InlineData("10.1.2.3")]
    [InlineData("[::1]")]
    [InlineData("::1")]
    [InlineData("mail_01.example.com")]
    public void Honoured_bypass_forms_pass(string entry) =>
        TestOptions.Valid(o =>
        {
            o.ProxyUrl = "http://proxy.example.com:3128";
            o.ProxyBypassList = [entry];
        }).Validate().Should().BeEmpty();

    [Fact]
    public void An_empty_bypass_entry_is_refused_from_an_array_and_from_a_separated_string()
    {
        TestOptions.Valid(o =>
        {
            o.ProxyUrl = "http://proxy.example.com:3128";
            o.ProxyBypassList = ["a.example.com", " ", "b.example.com"];
        }).Validate().Should().ContainSingle().Which.Should().Contain("ProxyBypassList holds an empty entry");

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProxyUrl"] = "http://proxy.example.com:3128",
            ["ProxyBypassList"] = "a.example.com;;b.example.com",
        }).Build();
        var options = TestOptions.Valid();
        ExchangeConnectionOptionsBinder.Bind(config, options).Should().BeEmpty();
        options.Validate().Should().ContainSingle().Which.Should().Contain("ProxyBypassList holds an empty entry");
    }

    [Fact]
    public void Proxy_details_without_a_proxy_url_are_refused()
    {
        var errors = TestOptions.Valid(o =>
        {
            o.ProxyBypassList = ["mail.example.com"];
            o.ProxyUseDefaultCredentials = true;
        }).Validate();
        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.Contains("ProxyBypassList is set but ProxyUrl is empty", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("ProxyUseDefaultCredentials is true but ProxyUrl is empty", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ABCD")]
    [InlineData("zz00000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000")]
    public void A_thumbprint_that_is_not_hex_of_sha1_or_sha256_length_is_refused(string thumbprint)
    {
        var errors = TestOptions.Valid(o => o.TrustedCertificateThumbprints = [thumbprint]).Validate();
        errors.Should().ContainSingle().Which.Should().Contain($"TrustedCertificateThumbprints entry '{thumbprint}' is not a certificate thumbprint")
            .And.Contain("64 hex digits").And.Contain("40 hex digits");
    }

    [Fact]
    public void A_ca_file_that_does_not_exist_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-ca-" + Guid.NewGuid().ToString("N") + ".pem");
        var errors = TestOptions.Valid(o => o.TrustedCaCertificateFile = path).Validate();
        errors.Should().ContainSingle().Which.Should().Contain($"TrustedCaCertificateFile '{path}' does not exist");
    }

    [Fact]
    public void A_ca_file_that_is_not_a_certificate_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");
            var errors = TestOptions.Valid(o => o.TrustedCaCertificateFile = path).Validate();
            errors.Should().ContainSingle().Which.Should().Contain($"TrustedCaCertificateFile '{path}' is not a certificate in PEM or DER form");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Trust_settings_with_insecure_http_are_refused()
    {
        var errors = TestOptions.Valid(o =>
        {
            o.AllowInsecureHttp = true;
            o.TrustedCertificateThumbprints = [new string('a', 40)];
        }).Validate();
        errors.Should().ContainSingle().Which.Should().Contain("AllowInsecureHttp is true, so no certificate is ever checked");
    }

    [Fact]
    public void Thumbprints_and_bypass_lists_bind_from_a_json_array_or_one_separated_string()
    {
        using var certificate = TestCertificates.SelfSigned();
        var sha256 = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TrustedCertificateThumbprints"] = $"{sha256}; {new string('b', 40)}",
            ["ProxyUrl"] = "http://proxy.example.com:3128",
            ["ProxyBypassList:0"] = "mail.example.com",
            ["ProxyBypassList:1"] = "*.corp.example.com",
            ["UseSystemProxy"] = "false",
        }).Build();
        var options = TestOptions.Valid();

        ExchangeConnectionOptionsBinder.Bind(config, options).Should().BeEmpty();

        options.TrustedCertificateThumbprints.Should().Equal(sha256, new string('b', 40));
        options.ProxyBypassList.Should().Equal("mail.example.com", "*.corp.example.com");
        options.UseSystemProxy.Should().BeFalse();
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void A_reload_with_the_same_lists_counts_as_unchanged()
    {
        var a = TestOptions.Valid(o => o.TrustedCertificateThumbprints = [new string('a', 40)]);
        var b = TestOptions.Valid(o => o.TrustedCertificateThumbprints = [new string('a', 40)]);
        ExchangeConnectionSettings.Same(a, b).Should().BeTrue();
        b.TrustedCertificateThumbprints = [new string('c', 40)];
        ExchangeConnectionSettings.Same(a, b).Should().BeFalse();
    }
}
