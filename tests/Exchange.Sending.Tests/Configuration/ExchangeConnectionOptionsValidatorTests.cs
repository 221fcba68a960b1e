using Exchange.Sending.Testing;
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
    [InlineData("mail_main\r\n", "mail_main\\r\\n")]
    [InlineData("mail_main\n", "mail_main\\n")]
    [InlineData("mail\tmain", "mail\\tmain")]
    [InlineData("mail\0main\u001b", "mail\\u0000main\\u001b")]
    public void Control_characters_in_a_quoted_system_name_are_escaped(string name, string escaped)
    {
        var errors = TestOptions.Valid(o => o.SystemName = name).Validate();
        errors.Should().NotBeEmpty();
        errors.Should().OnlyContain(e => !e.Any(char.IsControl));
        errors.Should().Contain(e => e.Contains($"SystemName '{escaped}'", StringComparison.Ordinal));
        var thrown = FluentActions.Invoking(() => new ExchangeMailSender(TestOptions.Valid(o => o.SystemName = name))).Should().Throw<Exception>().Which;
        thrown.Message.Any(char.IsControl).Should().BeFalse(thrown.Message);
    }

    [Theory]
    [InlineData("mail-main", "mail_main")]
    [InlineData("mail main", "mail_main")]
    [InlineData("billing.eu", "billing_eu")]
    [InlineData("ops-", "ops")]
    [InlineData("почта", "mail_main")]
    [InlineData("почта2", "2")]
    public void System_name_allows_only_latin_letters_digits_and_underscore_and_suggests_a_fix(string name, string suggestion)
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => o.SystemName = name));
        result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).Should().Equal(
            (nameof(ExchangeConnectionOptions.SystemName), $"SystemName '{name}' may contain only Latin letters, digits and '_'; for example '{suggestion}'."));
    }

    [Fact]
    public void Empty_system_name_is_reported_once_as_empty()
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => o.SystemName = ""));
        result.Errors.Select(e => e.ErrorMessage).Should().Equal(
            "SystemName is empty; enter a unique name of Latin letters, digits and '_', for example 'mail_main'.");
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void System_name_is_at_most_64_characters(int length, bool valid)
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => o.SystemName = new string('a', length)));
        result.Errors.Select(e => e.ErrorMessage).Should().Equal(valid ? [] : ["SystemName is longer than 64 characters; shorten it."]);
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
        _validator.TestValidate(TestOptions.Valid(o => o.Version = (ExchangeVersion)0)).Errors.Select(e => e.ErrorMessage).Should().Equal(
            "Version is not an EWS RequestServerVersion name. Use one of: " + string.Join(", ", Enum.GetNames<ExchangeVersion>())
            + " (default Exchange2013_SP1; Exchange2010_SP2 for Exchange 2010). Names such as Exchange2019 or Exchange2007_SP3 do not exist in EWS.");

    [SkippableFact]
    public async Task A_connection_without_a_version_sends_exchange2013_sp1()
    {
        await using var server = await ServerFixture.StartAsync();
        var options = ServerFixture.Options(server);
        options.Version.Should().Be(ExchangeConnectionOptions.DefaultVersion, "the fixture leaves Version alone");
        using var sender = new ExchangeMailSender(options);

        await sender.SendAsync(TestOptions.Message());

        server.Requests.Select(r => (r.Operation, r.RequestServerVersion)).Should().Equal(("CreateItem", "Exchange2013_SP1"));
    }

    [SkippableFact]
    public async Task By_default_at_most_eight_requests_are_in_flight_and_the_others_wait()
    {
        await using var server = await ServerFixture.StartAsync();
        for (var i = 0; i < 12; i++)
        {
            server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromMilliseconds(400)));
        }

        using var sender = ServerFixture.Sender(server);
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => sender.SendAsync(TestOptions.Message(m => m.Subject = $"Message {i}"))));

        results.Should().HaveCount(12);
        server.SentMessages.Should().HaveCount(12);
        // Each request in flight holds its own HTTP/1.1 connection: twelve concurrent sends use eight, the last four reuse them.
        server.Counters.Connections.Should().Be(8);
    }

    [Fact]
    public void Basic_needs_user_and_password()
    {
        var result = _validator.TestValidate(TestOptions.Valid(o => { o.UserName = null; o.Password = ""; }));
        result.Errors.Select(e => e.ErrorMessage).Should().Equal(
            "UserName is empty but AuthenticationType is Basic; enter the account name, or choose AuthenticationType None.",
            "Password is empty but AuthenticationType is Basic; enter the account's password.");
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
        result.Errors.Select(e => e.ErrorMessage).Should().Equal(
            "UserName is empty but Domain or Password is set; enter the account name (user, DOMAIN\\user or user@domain), or clear Domain and Password to use the process' default credentials.");
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
    public void Sender_address_must_be_a_bare_address(string address) =>
        _validator.TestValidate(TestOptions.Valid(o => o.SenderAddress = address)).Errors.Select(e => e.ErrorMessage).Should().Equal(
            $"Sender Address '{address}' is not an e-mail address; enter one such as 'name@example.com' (no display name or angle brackets).");

    [Fact]
    public void Sender_address_is_required() =>
        _validator.TestValidate(TestOptions.Valid(o => o.SenderAddress = "")).Errors.Select(e => e.ErrorMessage).Should().Equal(
            "Sender Address is empty; enter an e-mail address such as 'name@example.com'.");

    [Theory]
    [InlineData("Evil\r\nBcc: victim@example.com")]
    [InlineData("Line\nbreak")]
    public void Sender_name_with_cr_or_lf_is_refused(string name) =>
        _validator.TestValidate(TestOptions.Valid(o => o.SenderName = name)).ShouldHaveValidationErrorFor(o => o.SenderName)
            .WithErrorMessage("Sender Name contains a line break (CR or LF); it must be a single line. Remove the line break.");

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(27, true)]
    [InlineData(28, false)]
    public void Concurrency_is_1_to_27(int value, bool valid) =>
        MessagesFor(o => o.MaxConcurrentRequests = value).Should().Equal(valid ? [] :
            [$"MaxConcurrentRequests {value} is out of range; use 1 to 27 (Exchange allows 10 concurrent requests per account on 2010, 27 on 2013 and later)."]);

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Retry_attempts_are_0_to_10(int value, bool valid) =>
        MessagesFor(o => o.MaxRetryAttempts = value).Should().Equal(valid ? [] :
            [$"MaxRetryAttempts {value} is out of range; use 0 (no retries) to 10."]);

    [Theory]
    [InlineData("00:00:00.999", false)]
    [InlineData("00:00:01", true)]
    [InlineData("01:00:00", true)]
    [InlineData("01:00:00.001", false)]
    public void Request_timeout_is_1_second_to_1_hour(string value, bool valid)
    {
        var timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        MessagesFor(o => o.RequestTimeout = timeout).Should().Equal(valid ? [] :
            [$"RequestTimeout {timeout} is out of range; use between 00:00:01 and 01:00:00 (hh:mm:ss)."]);
    }

    [Theory]
    [InlineData("-00:00:00.001", false)]
    [InlineData("00:00:00", true)]
    [InlineData("00:10:00", true)]
    [InlineData("00:10:00.001", false)]
    public void Retry_delay_is_0_to_10_minutes(string value, bool valid)
    {
        var delay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        MessagesFor(o => o.MaxRetryDelay = delay).Should().Equal(valid ? [] :
            [$"MaxRetryDelay {delay} is out of range; use between 00:00:00 and 00:10:00."]);
    }

    [Fact]
    public void Validation_messages_name_the_connection() =>
        TestOptions.Valid(o => o.ServerUrl = "https://mail.example.com").Validate().Should().Equal(
            "Exchange connection 'mail_main': ServerUrl 'https://mail.example.com' includes the protocol 'https://'. Enter it without protocol: 'mail.example.com'. The library always uses https (plain http only with AllowInsecureHttp for test servers).");

    [Fact]
    public void Public_validation_reports_every_failed_rule_and_nothing_for_valid_settings()
    {
        TestOptions.Valid().Validate().Should().BeEmpty();
        TestOptions.Valid(o => { o.SenderAddress = ""; o.MaxRetryAttempts = 11; }).Validate().Should().Equal(
            "Exchange connection 'mail_main': Sender Address is empty; enter an e-mail address such as 'name@example.com'.",
            "Exchange connection 'mail_main': MaxRetryAttempts 11 is out of range; use 0 (no retries) to 10.");
    }

    [Fact]
    public void A_property_that_did_not_bind_is_reported_by_its_binding_failure_alone()
    {
        // As if configuration said "MaxConcurrentRequests": "many" and code had left an out-of-range value behind.
        var options = TestOptions.Valid(o => { o.MaxConcurrentRequests = 50; o.SenderAddress = "nobody"; });
        var failures = ExchangeConnectionValidation.Validate(options,
        [
            new("maxconcurrentrequests", nameof(ExchangeConnectionOptions.MaxConcurrentRequests), "MaxConcurrentRequests 'many' is not a valid whole number."),
            new("SenderAdress", null, "SenderAdress is not a setting of an Exchange connection; remove it or correct its spelling."),
        ]);

        failures.Should().Equal(
            "Exchange connection 'mail_main': MaxConcurrentRequests 'many' is not a valid whole number.",
            "Exchange connection 'mail_main': SenderAdress is not a setting of an Exchange connection; remove it or correct its spelling.",
            "Exchange connection 'mail_main': Sender Address 'nobody' is not an e-mail address; enter one such as 'name@example.com' (no display name or angle brackets).");
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
        _validator.TestValidate(new ExchangeConnectionOptions { SystemName = "par-ked", Disabled = true }).Errors.Select(e => e.ErrorMessage).Should().Equal(
            "SystemName 'par-ked' may contain only Latin letters, digits and '_'; for example 'par_ked'.");
    }

    private IEnumerable<string> MessagesFor(Action<ExchangeConnectionOptions> change) =>
        _validator.TestValidate(TestOptions.Valid(change)).Errors.Select(e => e.ErrorMessage);
}
