using System.Text;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using MimeKit;

namespace Exchange.Sending.Tests.Integration;

/// <summary><c>SendAsync(MimeMessage)</c>: an existing MimeKit message travels as <c>t:MimeContent</c> with its Bcc typed
/// beside it and never in the MIME, with the same validation, errors and result as the typed send.</summary>
public class MimeMessageSendTests
{
    private static MimeMessage Message()
    {
        var message = new MimeMessage();
        message.To.Add(new MailboxAddress("Alice — Ω", "alice@example.com"));
        message.Bcc.Add(new MailboxAddress("Hidden", "hidden@example.com"));
        message.Subject = "Signed <report> & ü";
        message.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "See attached." },
            new MimePart("application", "pdf") { FileName = "r.pdf", Content = new MimeContent(new MemoryStream([1, 2, 3])), ContentTransferEncoding = ContentEncoding.Base64 },
        };
        return message;
    }

    [SkippableFact]
    public async Task A_MimeKit_message_arrives_with_its_Bcc_typed_and_not_in_the_MIME()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);   // MessageFormat Items: a MimeMessage travels as MIME anyway
        var message = Message();

        var result = await sender.SendAsync(message);

        result.MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        result.InternetMessageId.Should().Be("<" + message.MessageId + ">");
        var received = await server.WaitForMessageAsync(TimeSpan.FromSeconds(5));
        received.HasMimeContent.Should().BeTrue();
        received.InternetMessageId.Should().Be(result.InternetMessageId);
        received.BccRecipients.Select(b => b.Address).Should().Equal("hidden@example.com");
        received.From!.Address.Should().Be(ServerFixture.AccountAddress, "a message without From gets the connection's sender");
        var mime = received.ToMimeMessage();
        mime.Bcc.Count.Should().Be(0);
        mime.Headers.Contains(HeaderId.Bcc).Should().BeFalse();
        received.Attachments.Single().Content.Should().Equal(1, 2, 3);
        using var raw = new MemoryStream();
        received.WriteEml(raw);
        Encoding.UTF8.GetString(raw.ToArray()).Should().NotContain("hidden@example.com");
    }

    [SkippableFact]
    public async Task Invalid_messages_are_refused_before_any_network_io()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var none = new MimeMessage { Subject = "nobody" };
        var badAddress = Message();
        badAddress.Cc.Add(new MailboxAddress("Broken", "bob"));

        (await FluentActions.Awaiting(() => sender.SendAsync(none)).Should().ThrowAsync<ExchangeMessageValidationException>())
            .Which.Errors.Should().ContainSingle(e => e.Field == "To");
        (await FluentActions.Awaiting(() => sender.SendAsync(badAddress)).Should().ThrowAsync<ExchangeMessageValidationException>())
            .Which.Errors.Should().ContainSingle(e => e.Field == "Cc" && e.Message.Contains("'bob'"));
        server.Requests.Should().BeEmpty();
    }
}
