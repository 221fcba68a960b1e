using FluentAssertions;
using Exchange.Sending.Tests.Support;

namespace Exchange.Sending.Tests.Configuration;

/// <summary>A ServerUrl typed with credentials in it (user:password@host) is refused, and the credentials are never echoed:
/// not in the validation message, not in ToString().</summary>
public class ServerUrlCredentialsTests
{
    [Theory]
    [InlineData("svc:S3cr3tPass@mail.example.com")]
    [InlineData("https://svc:S3cr3tPass@mail.example.com/EWS/Exchange.asmx")]
    [InlineData("svc:S3cr3tPass@mail.example.com:443")]
    public void Credentials_in_ServerUrl_are_refused_and_never_echoed(string serverUrl)
    {
        var options = TestOptions.Valid(o => o.ServerUrl = serverUrl);

        var failures = options.Validate();

        failures.Should().ContainSingle(f => f.Contains("ServerUrl", StringComparison.Ordinal));
        string.Join(" ", failures).Should().NotContain("S3cr3tPass").And.NotContain("svc:").And.Contain("***@mail.example.com");
        options.ToString().Should().NotContain("S3cr3tPass").And.Contain("***@mail.example.com");
        FluentActions.Invoking(() => new ExchangeMailSender(options)).Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>()
            .Which.Message.Should().NotContain("S3cr3tPass");
    }

    [Theory]
    [InlineData(254, 50)]
    [InlineData(270, 63)]
    public void Host_names_beyond_DNS_limits_are_refused_before_any_network_io(int length, int labelLength)
    {
        var labels = new List<string>();
        var total = 0;
        while (total < length)
        {
            var take = Math.Min(labelLength, length - total);
            labels.Add(new string('a', take));
            total += take + 1;
        }

        var host = string.Join('.', labels) + ".example.com";
        var failures = TestOptions.Valid(o => o.ServerUrl = host).Validate();

        failures.Should().ContainSingle(f => f.Contains("longer than DNS allows", StringComparison.Ordinal));
    }

    [Fact]
    public void A_label_longer_than_63_characters_is_refused()
    {
        var host = new string('a', 64) + ".example.com";
        TestOptions.Valid(o => o.ServerUrl = host).Validate().Should().ContainSingle(f => f.Contains("ServerUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_but_legal_host_name_is_accepted()
    {
        var host = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + ".example.com";   // 203 characters
        TestOptions.Valid(o => o.ServerUrl = host).Validate().Should().BeEmpty();
    }
}
