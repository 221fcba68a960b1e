using Exchange.Sending.WindowsAuth.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.WindowsAuth.Tests;

/// <summary>TestConnectionAsync reports the schemes the server offered and the package that authenticated.</summary>
public class WindowsConnectionCheckTests
{
    [SkippableTheory]
    [InlineData(ExchangeWindowsAuthenticationMode.NtlmOnly, "NTLM", "NTLM")]
    [InlineData(ExchangeWindowsAuthenticationMode.KerberosOnly, "Negotiate", "Kerberos")]
    public async Task The_check_names_offered_schemes_and_the_package_used(ExchangeWindowsAuthenticationMode mode, string scheme, string package)
    {
        await using var host = await WindowsAuthServer.StartAsync();
        var domain = mode == ExchangeWindowsAuthenticationMode.NtlmOnly ? WindowsAuthEnvironment.NtlmDomain : WindowsAuthEnvironment.Realm;
        using var sender = host.Sender(o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Windows;
            o.WindowsAuthenticationMode = mode;
            o.UserName = WindowsAuthEnvironment.User;
            o.Password = WindowsAuthEnvironment.Password;
            o.Domain = domain;
        });

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        check.OfferedAuthenticationSchemes.Should().Contain(["Negotiate", "NTLM"]);
        check.AuthenticationScheme.Should().Be(scheme);
        check.AuthenticationPackage.Should().Be(package);
        check.ToString().Should().Contain($"authenticated with {scheme} ({package})").And.NotContain(WindowsAuthEnvironment.Password);
    }

    [SkippableFact]
    public async Task A_wrong_password_fails_the_authentication_step_with_the_diagnosis()
    {
        await using var host = await WindowsAuthServer.StartAsync();
        using var sender = host.Sender(o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Windows;
            o.WindowsAuthenticationMode = ExchangeWindowsAuthenticationMode.NtlmOnly;
            o.UserName = WindowsAuthEnvironment.User;
            o.Password = "Wr0ng-Secret-Value";
            o.Domain = WindowsAuthEnvironment.NtlmDomain;
        });

        var check = await sender.TestConnectionAsync();

        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Authentication);
        check.FailureReason.Should().Contain("refused the NTLM credentials").And.NotContain("Wr0ng-Secret-Value");
        check.OfferedAuthenticationSchemes.Should().Contain("NTLM");
    }
}
