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
}
