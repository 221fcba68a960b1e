using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Messages;

/// <summary>Bad messages are refused before any network I/O (the server below does not exist), naming the field and the fix.</summary>
public class MessageValidationTests
{
    private static async Task<ExchangeMessageValidationException> RefusedAsync(Action<ExchangeMailMessage> change)
    {
        using var sender = new ExchangeMailSender(TestOptions.Valid(o => o.ServerUrl = "no-such-host.invalid"));
        var send = () => sender.SendAsync(TestOptions.Message(change));
        return (await send.Should().ThrowAsync<ExchangeMessageValidationException>()).Which;
    }

    [Fact]
    public async Task No_recipients()
    {
        var error = await RefusedAsync(m => m.To.Clear());
        error.Errors.Should().ContainSingle().Which.Should().Be(new ExchangeValidationError("To", "The message has no recipients; add at least one address to To, Cc or Bcc."));
        error.Message.Should().StartWith("The message was not sent through Exchange connection 'mail_main':");
    }

    [Fact]
    public async Task Bad_recipient_address_names_the_position()
    {
        var error = await RefusedAsync(m => m.Cc.Add(new ExchangeMailbox("bob at example.com")));
        error.Errors.Should().ContainSingle().Which.Field.Should().Be("Cc[0].Address");
        error.Errors[0].Message.Should().Contain("'bob at example.com' is not an e-mail address");
    }

    [Fact]
    public async Task Display_name_with_line_break_is_refused() =>
        (await RefusedAsync(m => m.To.Add(new ExchangeMailbox("x@example.com", "X\r\nBcc: y@example.com")))).Errors
            .Should().ContainSingle(e => e.Field == "To[1].DisplayName");

    [Fact]
    public async Task Subject_with_control_character_is_refused() =>
        (await RefusedAsync(m => m.Subject = "bell\u0007")).Errors.Should().ContainSingle()
            .Which.Message.Should().Contain("U+0007 at position 4");

    [Fact]
    public async Task Header_names_must_start_with_x()
    {
        var error = await RefusedAsync(m => m.Headers["Subject"] = "spoof");
        error.Errors.Should().ContainSingle().Which.Message.Should().Contain("Header name 'Subject' is not a custom internet header");
    }

    [Fact]
    public async Task Inline_attachment_needs_a_content_id() =>
        (await RefusedAsync(m => m.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", [1]).AsInline(""))))
            .Errors.Should().ContainSingle().Which.Message.Should().Contain("has no Content-ID");

    [Fact]
    public async Task Message_from_override_follows_the_same_rules() =>
        (await RefusedAsync(m => m.From = new ExchangeMailbox("not an address"))).Errors.Should().ContainSingle(e => e.Field == "From.Address");

    [Fact]
    public void Missing_attachment_file_is_reported_when_added()
    {
        var add = () => ExchangeAttachment.FromFile("/no/such/file.pdf");
        add.Should().Throw<FileNotFoundException>().WithMessage("Attachment file '/no/such/file.pdf' does not exist. Check the path.");
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_sender_is_built()
    {
        var build = () => new ExchangeMailSender(TestOptions.Valid(o => o.Password = null));
        build.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>()
            .Which.Failures.Should().Equal("Exchange connection 'mail_main': Password is empty but AuthenticationType is Basic; enter the account's password.");
    }
}
