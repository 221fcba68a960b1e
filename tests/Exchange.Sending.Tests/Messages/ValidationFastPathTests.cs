using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Messages;

/// <summary>The validator's fast path (<c>IsPlainlyValid</c>) never accepts what the FluentValidation rules refuse or warn about,
/// and it is taken for the common message.</summary>
public class ValidationFastPathTests
{
    private static readonly ExchangeMailMessageValidator Validator = new();

    // Each changes one thing of a valid message; many make it invalid, some leave it valid but outside the fast path.
    private static readonly (string What, Action<ExchangeMailMessage> Change)[] Changes =
    [
        ("nothing", _ => { }),
        ("no recipients", m => m.To.Clear()),
        ("null To entry", m => m.To.Add(null!)),
        ("bad To address", m => m.To.Add(new ExchangeMailbox("not an address"))),
        ("address with display name form", m => m.To.Add(new ExchangeMailbox("Bob <bob@example.com>"))),
        ("empty address", m => m.Cc.Add(new ExchangeMailbox(""))),
        ("local part of 65 octets", m => m.Bcc.Add(new ExchangeMailbox(new string('a', 65) + "@example.com"))),
        ("label of 64", m => m.Bcc.Add(new ExchangeMailbox("a@" + new string('b', 64) + ".com"))),
        ("international domain", m => m.To.Add(new ExchangeMailbox("user@bücher.example"))),
        ("line break in a display name", m => m.To.Add(new ExchangeMailbox("a@example.com", "A\r\nBcc: x@evil.example"))),
        ("control character in a display name", m => m.To.Add(new ExchangeMailbox("a@example.com", "A\u0001"))),
        ("bad From", m => m.From = new ExchangeMailbox("from@")),
        ("good From", m => m.From = new ExchangeMailbox("from@example.com", "From")),
        ("bad ReplyTo", m => m.ReplyTo.Add(new ExchangeMailbox("reply"))),
        ("line break in the subject", m => m.Subject = "a\nb"),
        ("lone surrogate in the subject", m => m.Subject = "a\uD800b"),
        ("subject of 256", m => m.Subject = new string('s', 256)),
        ("subject of 255", m => m.Subject = new string('s', 255)),
        ("control character in the body", m => m.Body = ExchangeMessageBody.Text("a\u000Bb")),
        ("multi-line body", m => m.Body = ExchangeMessageBody.Text("a\r\nb\n")),
        ("HTML body without references", m => m.Body = ExchangeMessageBody.Html("<p>hello</p>")),
        ("HTML body with a dangling cid:", m => m.Body = ExchangeMessageBody.Html("<img src=\"cid:logo@example\">")),
        ("importance out of range", m => m.Importance = (ExchangeImportance)7),
        ("sensitivity out of range", m => m.Sensitivity = (ExchangeSensitivity)(-1)),
        ("header without X-", m => m.Headers["Subject"] = "x"),
        ("header X- alone", m => m.Headers["X-"] = "x"),
        ("header name with a space", m => m.Headers["X-Order Id"] = "x"),
        ("header name with a colon", m => m.Headers["X-Order:Id"] = "x"),
        ("header value with a line break", m => m.Headers["X-Order-Id"] = "1\r\nBcc: x@evil.example"),
        ("header value null", m => m.Headers["X-Order-Id"] = null!),
        ("good header", m => m.Headers["X-Order-Id"] = "42"),
        ("category", m => m.Categories.Add("Billing")),
        ("empty category", m => m.Categories.Add("")),
        ("attachment", m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", [1]))),
        ("unreferenced inline attachment", m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.png", [1]).AsInline("a@example"))),
        ("bad Message-ID", m => m.InternetMessageId = "no-brackets@example.com"),
        ("Message-ID too long", m => m.InternetMessageId = "<" + new string('a', 990) + "@example.com>"),
        ("good Message-ID", m => m.InternetMessageId = "<id-1@example.com>"),
        ("Message-ID with a final line feed", m => m.InternetMessageId = "<id-1@example.com>\n"),
        ("Content-ID with a final line feed", m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.png", [1]).AsInline("logo@example\n"))),
        ("content type with a final line feed", m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", [1], "text/plain\n"))),
        ("501 recipients", m =>
        {
            for (var i = 0; i < 500; i++)
            {
                m.Bcc.Add(new ExchangeMailbox($"r{i}@example.com"));
            }
        }),
    ];

    [Fact]
    public void What_the_fast_path_accepts_every_rule_accepts_without_warnings()
    {
        var options = TestOptions.Valid();
        var taken = 0;
        foreach (var (what, change) in Changes)
        {
            var message = TestOptions.Message(change);
            var rules = Validator.ValidateWithRules(message, options);
            if (ExchangeMailMessageValidator.IsPlainlyValid(message, options))
            {
                taken++;
                rules.IsValid.Should().BeTrue($"the fast path accepted '{what}', so the rules must too: {string.Join("; ", rules.Errors)}");
                rules.Warnings.Should().BeEmpty($"the fast path accepted '{what}', which gives no warnings");
            }

            var result = Validator.Validate(message, options);
            result.IsValid.Should().Be(rules.IsValid, what);
            result.Errors.Select(e => e.ErrorMessage).Should().Equal(rules.Errors.Select(e => e.ErrorMessage), what);
            result.Warnings.Select(w => w.Message).Should().Equal(rules.Warnings.Select(w => w.Message), what);
        }

        taken.Should().BeGreaterThanOrEqualTo(8, "the common messages (plain, multi-line body, HTML without references, a From, a header, a Message-ID) take the fast path");
    }

    [Fact]
    public void A_final_line_feed_is_not_part_of_a_valid_id()
    {
        // .NET's $ also matches before a final "\n": the patterns end in \z (hostile review of issue 10).
        var options = TestOptions.Valid();
        Validator.Validate(TestOptions.Message(m => m.InternetMessageId = "<id-1@example.com>\n"), options).IsValid.Should().BeFalse();
        Validator.Validate(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.png", [1]).AsInline("logo@example\n"))), options)
            .Errors.Should().Contain(e => e.ErrorMessage.Contains("Content-ID", StringComparison.Ordinal));
        new ExchangeConnectionOptionsValidator().Validate(TestOptions.Valid(o => o.SystemName = "mail_main\n")).IsValid.Should().BeFalse();
    }

    [Fact]
    public void The_plain_message_takes_the_fast_path_and_a_message_with_an_attachment_does_not()
    {
        var options = TestOptions.Valid();
        ExchangeMailMessageValidator.IsPlainlyValid(TestOptions.Message(), options).Should().BeTrue();
        ExchangeMailMessageValidator.IsPlainlyValid(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", [1]))), options)
            .Should().BeFalse("attachments are checked by the rules alone");
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("first.last+tag%x_y-z@sub-domain.example.co.uk")]
    [InlineData("a@b.cd")]
    [InlineData("a..b@example.com")]
    [InlineData(".a@example.com")]
    [InlineData("a.@example.com")]
    [InlineData("a@example")]
    [InlineData("a@-example.com")]
    [InlineData("a@example-.com")]
    [InlineData("a@example..com")]
    [InlineData("a@example.com.")]
    [InlineData("a b@example.com")]
    [InlineData("a\"b@example.com")]
    [InlineData("a@[192.0.2.1]")]
    [InlineData("jösé@example.com")]
    [InlineData("a@bücher.example")]
    [InlineData("a@b@example.com")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com")]
    [InlineData("a@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com")]
    [InlineData("b@ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd")]
    public void The_allocation_free_address_check_accepts_only_what_the_full_rules_accept(string address)
    {
        if (ValidationRules.IsPlainAsciiAddress(address))
        {
            ValidationRules.IsSmtpAddress(address).Should().BeTrue(address);
            ValidationRules.AddressLengthProblem(address).Should().BeNull(address);
        }
    }

    [Fact]
    public void The_everyday_address_takes_the_allocation_free_check()
    {
        ValidationRules.IsPlainAsciiAddress("alice@example.com").Should().BeTrue();
        ValidationRules.IsPlainAsciiAddress("first.last+tag@mail.example.co.uk").Should().BeTrue();
        ValidationRules.IsPlainAsciiAddress("a..b@example.com").Should().BeFalse();
        ValidationRules.IsPlainAsciiAddress("a@localhost").Should().BeFalse("single-label domains go to the full rules");
    }
}
