using Exchange.Sending.Tests.Support;
using FluentAssertions;
using FluentValidation.TestHelper;

namespace Exchange.Sending.Tests.Configuration;

public class ExchangeConnectionOptionsValidatorTests
{
    private readonly ExchangeConnectionOptionsValidator _validator = new();

    [Fact]
    public void Valid_options_pass() => _validator.TestValidate(TestOptions.Valid()).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("mail-main")]
    [InlineData("почта")]
    [InlineData("mail main")]
    [InlineData("")]
    public void System_name_allows_only_latin_letters_digits_and_underscore(string name)
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => o.SystemName = name));
        result.ShouldHaveValidationErrorFor(o => o.SystemName).WithErrorMessage(
            name.Length == 0
                ? "SystemName is empty; enter a unique name of Latin letters, digits and '_', for example 'mail_main'."
                : $"SystemName '{name}' may contain only Latin letters, digits and '_'; for example '{(name == "почта" ? "mail_main" : "mail_main")}'.");
    }

    [Theory]
    [InlineData("https://mail.example.com/", "mail.example.com")]
    [InlineData("http://mail.example.com/EWS/Exchange.asmx", "mail.example.com/EWS/Exchange.asmx")]
    public void Url_with_scheme_says_what_to_type_instead(string url, string suggestion)
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => o.ServerUrl = url));
        result.ShouldHaveValidationErrorFor(o => o.ServerUrl)
            .WithErrorMessage($"ServerUrl '{url}' includes the protocol '{url[..url.IndexOf(':')]}://'. Enter it without protocol: '{suggestion}'. The library always uses https (plain http only with AllowInsecureHttp for test servers).");
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("mail example.com", "contains spaces")]
    [InlineData("mail.example.com/EWS/Exchange.asmx?x=1", "query or fragment")]
    [InlineData("mail.example.com#top", "query or fragment")]
    [InlineData("user@mail.example.com", "is not a host name")]
    public void Bad_urls_are_explained(string url, string expected)
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => o.ServerUrl = url));
        result.ShouldHaveValidationErrorFor(o => o.ServerUrl).Single().ErrorMessage.Should().Contain(expected);
    }

    [Theory]
    [InlineData("mail.example.com:8443", "https://mail.example.com:8443/EWS/Exchange.asmx")]
    [InlineData("mail.example.com/EWS/Exchange.asmx", "https://mail.example.com/EWS/Exchange.asmx")]
    [InlineData("mail.example.com/custom/ews.asmx", "https://mail.example.com/custom/ews.asmx")]
    [InlineData("почта.пример.рф", "https://xn--80a1acny.xn--e1afmkfd.xn--p1ai/EWS/Exchange.asmx")]
    [InlineData("10.1.2.3:444", "https://10.1.2.3:444/EWS/Exchange.asmx")]
    public void Ports_paths_and_idn_hosts_are_accepted(string url, string endpoint)
    {
        _validator.TestValidate(TestOptions.Valid(o => o.ServerUrl = url)).ShouldNotHaveValidationErrorFor(o => o.ServerUrl);
        var uri = EwsEndpoint.Create(TestOptions.Valid(o => o.ServerUrl = url));
        var expected = new Uri(endpoint);
        (uri.Scheme, uri.IdnHost, uri.Port, uri.AbsolutePath).Should().Be((expected.Scheme, expected.IdnHost, expected.Port, expected.AbsolutePath));
    }

    [Fact]
    public void Insecure_http_builds_an_http_endpoint() =>
        EwsEndpoint.Create(TestOptions.Valid(o => { o.ServerUrl = "127.0.0.1:8080"; o.AllowInsecureHttp = true; }))
            .Should().Be(new Uri("http://127.0.0.1:8080/EWS/Exchange.asmx"));

    [Fact]
    public void Version_must_be_a_schema_name() =>
        _validator.TestValidate(TestOptions.Valid(o => o.Version = (ExchangeVersion)0)).ShouldHaveValidationErrorFor(o => o.Version)
            .Single().ErrorMessage.Should().Contain("Exchange2013_SP1").And.Contain("Exchange2019 or Exchange2007_SP3 do not exist");

    [Fact]
    public void Default_version_is_exchange2013_sp1() => new ExchangeConnectionOptions().Version.Should().Be(ExchangeVersion.Exchange2013_SP1);

    [Fact]
    public void Basic_needs_user_and_password()
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => { o.UserName = null; o.Password = ""; }));
        result.ShouldHaveValidationErrorFor(o => o.UserName).WithErrorMessage("UserName is empty but AuthenticationType is Basic; enter the account name, or choose AuthenticationType None.");
        result.ShouldHaveValidationErrorFor(o => o.Password).WithErrorMessage("Password is empty but AuthenticationType is Basic; enter the account's password.");
    }

    [Fact]
    public void Windows_with_domain_but_no_user_is_refused()
    {
        var result = _validator.TestValidate(TestOptions.Valid(o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Windows;
            o.UserName = null;
            o.Password = null;
            o.Domain = "EXAMPLE";
        }));
        result.ShouldHaveValidationErrorFor(o => o.UserName).Single().ErrorMessage.Should().StartWith("UserName is empty but Domain or Password is set");
    }

    [Fact]
    public void Windows_without_user_uses_default_credentials() =>
        _validator.TestValidate(TestOptions.Valid(o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Windows;
            o.UserName = null;
            o.Password = null;
        })).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Alice <alice@example.com>")]
    [InlineData("alice@")]
    [InlineData("")]
    public void Sender_address_must_be_an_address(string address) =>
        _validator.TestValidate(TestOptions.Valid(o => o.SenderAddress = address)).ShouldHaveValidationErrorFor(o => o.SenderAddress)
            .Single().ErrorMessage.Should().Contain("name@example.com");

    [Theory]
    [InlineData("Evil\r\nBcc: victim@example.com")]
    [InlineData("Line\nbreak")]
    public void Sender_name_with_cr_or_lf_is_refused(string name) =>
        _validator.TestValidate(TestOptions.Valid(o => o.SenderName = name)).ShouldHaveValidationErrorFor(o => o.SenderName)
            .WithErrorMessage("Sender Name contains a line break (CR or LF); it must be a single line. Remove the line break.");

    [Fact]
    public void Concurrency_above_exchange_limit_is_refused() =>
        _validator.TestValidate(TestOptions.Valid(o => o.MaxConcurrentRequests = 50)).ShouldHaveValidationErrorFor(o => o.MaxConcurrentRequests);

    [Fact]
    public void Default_concurrency_is_below_ews_max_concurrency() =>
        new ExchangeConnectionOptions().MaxConcurrentRequests.Should().BeLessThan(10);

    [Fact]
    public void Validation_messages_name_the_connection()
    {
        var failures = ExchangeConnectionValidation.Validate(TestOptions.Valid(o => o.ServerUrl = "https://mail.example.com"));
        failures.Should().ContainSingle().Which.Should().StartWith("Exchange connection 'mail_main': ServerUrl 'https://mail.example.com' includes the protocol");
    }

    [Fact]
    public void ToString_never_shows_the_password()
    {
        var text = TestOptions.Valid().ToString();
        text.Should().NotContain("S3cret!Pa55").And.Contain("Password = ***");
    }

    [Fact]
    public void A_disabled_connection_may_be_unfinished_but_needs_a_valid_name()
    {
        _validator.TestValidate(new ExchangeConnectionOptions { SystemName = "parked", Disabled = true }).ShouldNotHaveAnyValidationErrors();
        _validator.TestValidate(new ExchangeConnectionOptions { SystemName = "par-ked", Disabled = true }).ShouldHaveValidationErrorFor(o => o.SystemName);
    }
}
