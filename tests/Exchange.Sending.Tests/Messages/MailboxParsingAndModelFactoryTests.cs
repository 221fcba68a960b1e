using FluentAssertions;

namespace Exchange.Sending.Tests.Messages;

public class MailboxParsingAndModelFactoryTests
{
    [Theory]
    [InlineData("alice@example.com", "alice@example.com", null)]
    [InlineData("Alice <alice@example.com>", "alice@example.com", "Alice")]
    [InlineData("\"Smith, Alice \\\"Al\\\"\" <alice@example.com>", "alice@example.com", "Smith, Alice \"Al\"")]
    [InlineData("=?utf-8?B?SsO8cmdlbg==?= <j@example.com>", "j@example.com", "Jürgen")]
    [InlineData("  Bob <bob@bücher.example>  ", "bob@bücher.example", "Bob")]
    public void A_mailbox_is_parsed_as_people_write_it(string text, string address, string? name)
    {
        ExchangeMailbox.Parse(text).Should().Be(new ExchangeMailbox(address, name));
        ExchangeMailbox.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(new ExchangeMailbox(address, name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a@x, b@y")]
    [InlineData("Team: a@x, b@y;")]
    [InlineData("Alice <alice@example.com")]
    public void Anything_but_one_mailbox_is_refused(string text)
    {
        ExchangeMailbox.TryParse(text, out var parsed).Should().BeFalse();
        parsed.Should().BeNull();
        FluentActions.Invoking(() => ExchangeMailbox.Parse(text)).Should().Throw<FormatException>().WithMessage("*is not a mailbox*");
    }

    [Fact]
    public void A_list_is_parsed_with_quoted_commas_and_groups_flattened()
    {
        ExchangeMailbox.ParseList("a@x.example, \"Smith, Bob\" <b@x.example>, Team: c@x.example;").Should().Equal(
            new ExchangeMailbox("a@x.example"), new ExchangeMailbox("b@x.example", "Smith, Bob"), new ExchangeMailbox("c@x.example"));
        FluentActions.Invoking(() => ExchangeMailbox.ParseList("")).Should().Throw<FormatException>();
    }

    [Fact]
    public void The_model_factory_builds_results_a_mocked_sender_can_return()
    {
        var version = new ExchangeServerVersionInfo(15, 2, 1544, 4, "V2018_01_08");
        var result = ExchangeModelFactory.SendResult("<id@example.com>", ExchangeMessageDisposition.SendOnly, 3, 1234, TimeSpan.FromMilliseconds(5), version, ExchangeMessageFormat.Mime);
        result.Should().BeEquivalentTo(new { InternetMessageId = "<id@example.com>", MessageDisposition = ExchangeMessageDisposition.SendOnly, RequestCount = 3, RequestBytes = 1234L, ServerVersion = version, MessageFormat = ExchangeMessageFormat.Mime });
        FluentActions.Invoking(() => ExchangeModelFactory.SendResult("<id@x>", messageFormat: ExchangeMessageFormat.Automatic)).Should().Throw<ArgumentException>();

        var check = ExchangeModelFactory.ConnectionCheck("mail_main",
            [
                new(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStatus.Passed, "ok"),
                new(ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStatus.Failed, "refused"),
            ],
            server: ExchangeServerProduct.Gromox, messageFormat: ExchangeMessageFormat.Mime, messageFormatReason: "because");
        (check.Succeeded, check.FailedStep, check.FailureReason, check.Server, check.MessageFormat).Should()
            .Be((false, ExchangeConnectionCheckStep.Endpoint, "refused", ExchangeServerProduct.Gromox, ExchangeMessageFormat.Mime));

        var versions = ExchangeModelFactory.ConnectionCheck("mail_main", [], recommendedVersion: ExchangeVersion.Exchange2016,
            requestedVersion: ExchangeVersion.Exchange2013_SP1, testMessageId: "<t@example.com>");
        (versions.RecommendedVersion, versions.RequestedVersion, versions.TestMessageId).Should()
            .Be((ExchangeVersion.Exchange2016, ExchangeVersion.Exchange2013_SP1, "<t@example.com>"));
    }
}
