using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Messages;

/// <summary>Size limits of Exchange and of RFC 5321/5322, and the connection's recipient limit: each is refused before any
/// network I/O (the server below does not exist), naming the field, the size, the limit and the fix.</summary>
public class MessageLimitsTests
{
    private static readonly ExchangeMailMessageValidator Validator = new();

    private static List<ExchangeValidationError> Errors(Action<ExchangeMailMessage> change, Action<ExchangeConnectionOptions>? options = null) =>
        Validator.Validate(TestOptions.Message(change), TestOptions.Valid(options)).Errors
            .Select(e => new ExchangeValidationError(e.PropertyName, e.ErrorMessage)).ToList();

    private static async Task<ExchangeMessageValidationException> RefusedAsync(Action<ExchangeMailMessage> change, Action<ExchangeConnectionOptions>? options = null)
    {
        using var sender = new ExchangeMailSender(TestOptions.Valid(o =>
        {
            o.ServerUrl = "no-such-host.invalid";
            options?.Invoke(o);
        }));
        var send = () => sender.SendAsync(TestOptions.Message(change));
        return (await send.Should().ThrowAsync<ExchangeMessageValidationException>()).Which;
    }

    private static void AddRecipients(ExchangeMailMessage message, int to, int cc, int bcc)
    {
        message.To.Clear();
        for (var i = 0; i < to; i++)
        {
            message.To.Add(new ExchangeMailbox($"to{i}@example.com"));
        }

        for (var i = 0; i < cc; i++)
        {
            message.Cc.Add(new ExchangeMailbox($"cc{i}@example.com"));
        }

        for (var i = 0; i < bcc; i++)
        {
            message.Bcc.Add(new ExchangeMailbox($"bcc{i}@example.com"));
        }
    }

    [Fact]
    public async Task More_recipients_than_the_default_500_are_refused_with_the_count_the_limit_and_the_setting()
    {
        var error = await RefusedAsync(m => AddRecipients(m, 300, 100, 101));
        error.Errors.Should().Equal(new ExchangeValidationError("To",
            "The message has 501 recipients (To 300, Cc 100, Bcc 101; each entry counts), more than the connection's MaxRecipientsPerMessage of 500; "
            + "Exchange would refuse it (a non-delivery report, 'too many recipients'). Send it as several messages, or raise MaxRecipientsPerMessage to the server's limit."));
    }

    [Fact]
    public void Exactly_the_limit_is_accepted() => Errors(m => AddRecipients(m, 300, 100, 100)).Should().BeEmpty();

    [Fact]
    public void The_limit_is_the_connections_and_every_entry_counts_even_a_repeated_address()
    {
        Errors(m =>
        {
            m.To.Add(new ExchangeMailbox("alice@example.com"));   // TestOptions.Message already has alice in To
            m.Bcc.Add(new ExchangeMailbox("alice@example.com"));
        }, o => o.MaxRecipientsPerMessage = 2).Should().ContainSingle().Which.Message.Should().StartWith(
            "The message has 3 recipients (To 2, Cc 0, Bcc 1; each entry counts), more than the connection's MaxRecipientsPerMessage of 2;");
        Errors(m => m.Bcc.Add(new ExchangeMailbox("bob@example.com")), o => o.MaxRecipientsPerMessage = 2).Should().BeEmpty();
    }

    [Fact]
    public void Without_a_connection_the_rules_have_no_recipient_limit()
    {
        var message = TestOptions.Message(m => AddRecipients(m, 600, 0, 0));
        Validator.Validate(message).IsValid.Should().BeTrue("the limit is a connection setting, applied by Validate(message, options)");
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void A_local_part_is_at_most_64_characters(int length, bool valid)
    {
        var address = new string('l', length) + "@example.com";
        var errors = Errors(m => m.To[0] = new ExchangeMailbox(address));
        if (valid)
        {
            errors.Should().BeEmpty();
            return;
        }

        errors.Should().Equal(new ExchangeValidationError("To[0].Address",
            $"Address '{address}' has a local part (before '@') of 65 characters; at most 64 are allowed (RFC 5321 §4.5.3.1.1). Shorten it."));
    }

    [Fact]
    public void A_non_ascii_local_part_is_counted_in_utf8_octets()
    {
        var address = new string('ü', 33) + "@example.com";   // 33 characters, 66 octets
        Errors(m => m.To[0] = new ExchangeMailbox(address)).Should().ContainSingle()
            .Which.Message.Should().Contain("has a local part (before '@') of 66 octets in UTF-8; at most 64");
    }

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void A_domain_label_is_at_most_63_characters(int length, bool valid)
    {
        var label = new string('d', length);
        var errors = Errors(m => m.Cc.Add(new ExchangeMailbox($"bob@{label}.example.com")));
        if (valid)
        {
            errors.Should().BeEmpty();
            return;
        }

        errors.Should().Equal(new ExchangeValidationError("Cc[0].Address",
            $"Address 'bob@{label}.example.com' has a domain label of 64 characters ('{label}'); DNS allows at most 63 between dots (RFC 1035). Correct the domain."));
    }

    [Fact]
    public void An_international_label_is_measured_in_its_dns_form()
    {
        // 60 characters, but its A-label (xn--…) is longer than 63.
        var label = new string('ü', 30) + new string('a', 30);
        Errors(m => m.To[0] = new ExchangeMailbox($"bob@{label}.example")).Should().ContainSingle()
            .Which.Message.Should().MatchRegex(@"has a domain label of \d+ characters in DNS form \(.*\); DNS allows at most 63 between dots");
    }

    [Fact]
    public void A_domain_is_at_most_253_characters_and_the_whole_address_254()
    {
        var label = new string('d', 63);
        var domain253 = string.Join('.', label, label, label, new string('d', 61));    // 63*3 + 61 + 3 dots = 253
        var domain254 = string.Join('.', label, label, label, new string('d', 62));
        domain253.Length.Should().Be(253);

        Errors(m => m.To[0] = new ExchangeMailbox("b@" + domain254)).Should().ContainSingle()
            .Which.Message.Should().EndWith("has a domain of 254 characters; DNS allows at most 253. Correct the domain.");

        // 'b@' + 253 = 255 characters: the domain fits, the address does not.
        Errors(m => m.To[0] = new ExchangeMailbox("b@" + domain253)).Should().ContainSingle()
            .Which.Message.Should().EndWith("is 255 characters long; an address may have at most 254 (RFC 5321 §4.5.3.1.3). Use a shorter address.");
        var domain252 = string.Join('.', label, label, label, new string('d', 60));
        Errors(m => m.To[0] = new ExchangeMailbox("b@" + domain252)).Should().BeEmpty("254 characters is the limit itself");
    }

    [Theory]
    [InlineData(986, true)]
    [InlineData(987, false)]
    public void A_message_id_fits_one_998_character_header_line(int length, bool valid)
    {
        var id = "<" + new string('i', length - "<@example.com>".Length) + "@example.com>";
        id.Length.Should().Be(length);
        var errors = Errors(m => m.InternetMessageId = id);
        if (valid)
        {
            errors.Should().BeEmpty();
            return;
        }

        errors.Should().Equal(new ExchangeValidationError("InternetMessageId",
            "InternetMessageId is 987 characters long; at most 986 fit the header line 'Message-ID: <…>' (RFC 5322 §2.1.1 limits a line to 998 characters); use a shorter id, or leave it empty to have one generated."));
    }

    [Fact]
    public void A_malformed_message_id_is_reported_once_as_malformed() =>
        Errors(m => m.InternetMessageId = new string('x', 1000)).Should().ContainSingle()
            .Which.Message.Should().Contain("is not a Message-ID; use the form '<unique@domain>'");

    [Theory]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void An_attachment_name_is_at_most_255_characters(int length, bool valid)
    {
        var name = new string('n', length - 4) + ".pdf";
        var errors = Errors(m => m.Attachments.Add(ExchangeAttachment.FromBytes(name, [1])));
        if (valid)
        {
            errors.Should().BeEmpty();
            return;
        }

        errors.Should().ContainSingle().Which.Should().Match<ExchangeValidationError>(e => e.Field == "Attachments[0].Name"
            && e.Message.EndsWith("' is 256 characters long; Exchange keeps at most 255 (the longest file name Windows can save); shorten it, keeping the extension.")
            && e.Message.StartsWith("Attachment name 'nnnn"));
    }

    [Theory]
    [InlineData("X-Order_Id")]
    [InlineData("X-Trace.v2")]
    [InlineData("x-lower-case")]
    [InlineData("X-!#$%&'*+^`|~")]
    public void Custom_header_names_may_use_every_printable_ascii_character_but_the_colon(string name) =>
        Errors(m => m.Headers[name] = "v").Should().BeEmpty();

    [Theory]
    [InlineData("X-Order Id", "U+0020", 7)]
    [InlineData("X-Order:Id", "':'", 7)]
    [InlineData("X-Ordér", "U+00E9", 5)]
    [InlineData("X-Tab\tName", "U+0009", 5)]
    public void Other_characters_in_a_custom_header_name_are_refused_with_their_position(string name, string character, int position)
    {
        Errors(m => m.Headers[name] = "v").Should().Equal(new ExchangeValidationError("Headers[0].Key",
            $"Header name '{name}' contains {character} at position {position}, which a header name cannot hold (RFC 5322 §3.6.8: printable ASCII other than ':', no spaces); remove it, for example 'X-Order-Id'."));
    }

    [Theory]
    [InlineData("Subject")]
    [InlineData("X-")]
    [InlineData("Xtra")]
    public void A_header_that_is_not_an_x_header_is_refused_once(string name) =>
        Errors(m => m.Headers[name] = "v").Should().Equal(new ExchangeValidationError("Headers[0].Key",
            $"Header name '{name}' is not a custom internet header; use a name that starts with 'X-', for example 'X-Order-Id'."));

    [Fact]
    public void A_header_value_with_a_line_break_is_refused() =>
        Errors(m => m.Headers["X-Order-Id"] = "42\r\nBcc: evil@example.com").Should().ContainSingle()
            .Which.Message.Should().Be("Header 'X-Order-Id' value contains a line break (CR or LF); it must be a single line. Remove the line break.");

    [Theory]
    [InlineData(255, false)]
    [InlineData(256, true)]
    public void A_subject_longer_than_exchange_keeps_is_sent_with_a_warning_not_refused(int length, bool warned)
    {
        var message = TestOptions.Message(m => m.Subject = new string('s', length));
        var result = Validator.Validate(message, TestOptions.Valid());
        result.IsValid.Should().BeTrue("EWS accepts a longer subject and cuts it; only the server's own limit would be an error");
        result.Warnings.Should().BeEquivalentTo(warned
            ? [new ExchangeSendWarning(ExchangeSendWarning.LongSubject, "Subject", "Subject is 256 characters long; Exchange keeps the first 255 and cuts the rest. Shorten it to keep it whole.")]
            : Array.Empty<ExchangeSendWarning>());
    }
}
