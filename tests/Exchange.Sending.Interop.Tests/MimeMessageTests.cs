using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;
using MimeKit;

namespace Exchange.Sending.Interop.Tests;

/// <summary><see cref="IExchangeMailSender.SendAsync(MimeMessage, CancellationToken)"/>: a caller-built MimeKit message.</summary>
public sealed class MimeMessageTests : InteropTest
{
    [SkippableFact]
    public async Task MimeKit_message_with_bcc_and_attachment_is_delivered_to_all_and_bcc_stays_hidden()
    {
        using var sender = NewSender();
        var attachment = Bytes(40_000, seed: 11);
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress("Jürgen Ωμέγα & <Co>", GromoxEnvironment.User1.Address));
        mime.To.Add(new MailboxAddress("User Two", User2.Address));
        mime.Bcc.Add(new MailboxAddress("User Three", User3.Address));
        mime.Subject = Subject("MimeKit message Ωμέγα & <x>");
        var body = new BodyBuilder { TextBody = "Text " + Token, HtmlBody = $"<p>HTML <b>{Token}</b></p>" };
        body.Attachments.Add("data.bin", attachment, new ContentType("application", "octet-stream"));
        mime.Body = body.ToMessageBody();

        var result = await sender.SendAsync(mime);

        result.MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        var bccCopy = (await User3Box.WaitForMessageAsync("inbox", Token)).Message;
        bccCopy.Subject.Should().Be(mime.Subject);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Headers.Contains(HeaderId.Bcc).Should().BeFalse($"the To recipient must not see a Bcc header; it got: {received.Message.Headers[HeaderId.Bcc]}");
        received.RawHeaderBlock.Should().NotContainEquivalentOf("user3@");
        received.TransportHeaders.Should().NotContain(h => h.Value.Contains("user3@", StringComparison.OrdinalIgnoreCase));
        received.Message.From.Mailboxes.Should().ContainSingle().Which.Name.Should().Be("Jürgen Ωμέγα & <Co>");
        received.Message.TextBody.Should().Contain("Text " + Token);
        received.Message.HtmlBody.Should().Contain($"<b>{Token}</b>");
        var part = received.Message.BodyParts.OfType<MimePart>().Should().ContainSingle(p => p.FileName == "data.bin").Subject;
        Sha256(DecodedContent(part)).Should().Be(Sha256(attachment));
        BareMessageId(received.Message.MessageId).Should().Be(BareMessageId(result.InternetMessageId));
    }

    [SkippableFact]
    public async Task MimeKit_message_without_from_and_message_id_gets_the_connection_sender_and_a_generated_id()
    {
        using var sender = NewSender(o => o.MessageFormat = ExchangeMessageFormat.Items);   // SendAsync(MimeMessage) is MIME whatever is configured
        var mime = new MimeMessage();
        mime.To.Add(new MailboxAddress("User Two", User2.Address));
        mime.Subject = Subject("MimeKit minimal");
        mime.Body = new TextPart("plain") { Text = "Minimal " + Token };

        var result = await sender.SendAsync(mime);

        result.MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.From.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "User One", Address = GromoxEnvironment.User1.Address });
        received.MessageId.Should().NotBeNullOrEmpty("gromox does not generate one, so the library must");
        BareMessageId(received.MessageId).Should().Be(BareMessageId(result.InternetMessageId));
    }
}
