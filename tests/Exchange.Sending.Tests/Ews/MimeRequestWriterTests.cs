using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Exchange.Sending.Ews;
using Exchange.Sending.Ews.Mime;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using MimeKit;

namespace Exchange.Sending.Tests.Ews;

/// <summary>The MIME form of CreateItem: schema-valid, typed properties in schema order beside <c>t:MimeContent</c>,
/// Bcc never in the MIME, and a measuring pass that predicts the Content-Length exactly without reading attachments.</summary>
public class MimeRequestWriterTests
{
    private static readonly XNamespace T = EwsNames.Types;
    private static readonly ExchangeMailbox From = new("noreply@example.com", "Notifications — Jürgen & <Co>");

    private static CreateItemMimeOperation Operation(ExchangeMailMessage message, string disposition = CreateItemOperation.SendAndSaveCopy) =>
        new(MimeMessageFactory.Create(message, From, "<id-1@example.com>", message.Attachments.ToArray()), MimeItemProperties.From(message), disposition, "sentitems");

    private static ExchangeMailMessage FullMessage() => TestOptions.Message(m =>
    {
        m.Subject = "Q3 <report> & \"figures\" — отчёт";
        m.Body = ExchangeMessageBody.Html("<p>See <img src=\"cid:logo@example\"> &amp; ünïcödé</p>");
        m.Cc.Add(new ExchangeMailbox("bob@example.com", "Smith, Bob \"the builder\" & <co>"));
        m.Bcc.Add(new ExchangeMailbox("carol@example.com", "Carol Hidden"));
        m.ReplyTo.Add(new ExchangeMailbox("replies@example.com", "Replies"));
        m.Attachments.Add(ExchangeAttachment.FromBytes("report — Q3.pdf", [1, 2, 3, 4, 5], "application/pdf"));
        m.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", [9, 8, 7], "image/png").AsInline("logo@example"));
        m.Importance = ExchangeImportance.High;
        m.Sensitivity = ExchangeSensitivity.Confidential;
        m.IsReadReceiptRequested = true;
        m.IsDeliveryReceiptRequested = true;
        m.Headers["X-Order-Id"] = "42";
        m.Categories.Add("Billing");
    });

    private static MimeMessage MimeOf(XDocument request) =>
        MimeMessage.Load(new MemoryStream(Convert.FromBase64String(request.Descendants(T + "MimeContent").Single().Value)));

    [SkippableFact]
    public async Task CreateItem_with_MimeContent_validates_and_keeps_schema_order()
    {
        EwsSchema.RequireDirectory();
        var xml = Encoding.UTF8.GetString(await RequestBytes.WriteAsync(Operation(FullMessage())));

        EwsSchema.Validate(xml).Should().BeEmpty();
        var message = XDocument.Parse(xml).Descendants(T + "Message").Single();
        message.Elements().Select(e => e.Name.LocalName).Should().Equal(
            "MimeContent", "Sensitivity", "Categories", "Importance", "ExtendedProperty", "BccRecipients", "IsReadReceiptRequested", "IsDeliveryReceiptRequested");
        message.Element(T + "MimeContent")!.Attribute("CharacterSet")!.Value.Should().Be("UTF-8");
    }

    [Fact]
    public async Task The_MIME_carries_every_feature_and_never_the_Bcc()
    {
        var request = XDocument.Parse(Encoding.UTF8.GetString(await RequestBytes.WriteAsync(Operation(FullMessage()))));
        var mime = MimeOf(request);
        var raw = Encoding.ASCII.GetString(Convert.FromBase64String(request.Descendants(T + "MimeContent").Single().Value));

        raw.Should().NotContainAny("Bcc:", "carol@example.com", "Carol Hidden");
        request.Descendants(T + "BccRecipients").Single().Descendants(T + "EmailAddress").Single().Value.Should().Be("carol@example.com");
        mime.Subject.Should().Be("Q3 <report> & \"figures\" — отчёт");
        raw.Should().MatchRegex(@"Subject: [^\r\n]*=\?utf-8\?", "non-ASCII words of the subject are RFC 2047-encoded");
        mime.From.Mailboxes.Single().Should().Match<MailboxAddress>(a => a.Name == From.DisplayName && a.Address == From.Address);
        mime.To.Mailboxes.Single().Address.Should().Be("alice@example.com");
        mime.Cc.Mailboxes.Single().Name.Should().Be("Smith, Bob \"the builder\" & <co>");
        mime.ReplyTo.Mailboxes.Single().Address.Should().Be("replies@example.com");
        mime.MessageId.Should().Be("id-1@example.com");
        mime.Date.Should().BeCloseTo(DateTimeOffset.Now, TimeSpan.FromMinutes(1));
        mime.Importance.Should().Be(MessageImportance.High);
        mime.Headers["Sensitivity"].Should().Be("Company-Confidential");
        mime.Headers["Disposition-Notification-To"].Should().Contain("noreply@example.com");
        mime.Headers["Keywords"].Should().Be("Billing");
        mime.Headers["X-Order-Id"].Should().Be("42");
        mime.HtmlBody.Should().Be("<p>See <img src=\"cid:logo@example\"> &amp; ünïcödé</p>");

        mime.Body.Should().BeOfType<Multipart>().Which.ContentType.MimeType.Should().Be("multipart/mixed");
        var related = ((Multipart)mime.Body!)[0].Should().BeOfType<MultipartRelated>().Subject;
        var inline = related.OfType<MimePart>().Single(p => p.ContentId == "logo@example");
        inline.ContentDisposition!.Disposition.Should().Be(ContentDisposition.Inline);
        Decode(inline).Should().Equal(9, 8, 7);
        var file = mime.Attachments.OfType<MimePart>().Single();
        file.FileName.Should().Be("report — Q3.pdf");
        file.ContentType.MimeType.Should().Be("application/pdf");
        Decode(file).Should().Equal(1, 2, 3, 4, 5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(56)]
    [InlineData(57)]
    [InlineData(58)]
    [InlineData(114)]
    [InlineData(58_367)]
    [InlineData(58_368)]
    [InlineData(200_003)]
    public async Task The_measured_length_is_exact_for_any_attachment_size(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var message = TestOptions.Message(m =>
        {
            m.Attachments.Add(ExchangeAttachment.FromStream("a.bin", new MemoryStream(bytes)));
            m.Attachments.Add(ExchangeAttachment.FromBytes("b.bin", RandomNumberGenerator.GetBytes(size / 2 + 1)).AsInline("b@x"));
        });

        // RequestBytes asserts that the measuring pass predicts the streamed length exactly.
        var request = XDocument.Parse(Encoding.UTF8.GetString(await RequestBytes.WriteAsync(Operation(message))));
        Decode(MimeOf(request).Attachments.OfType<MimePart>().Single(p => p.FileName == "a.bin")).Should().Equal(bytes);
    }

    [Fact]
    public void Encoded_attachment_length_follows_76_character_lines()
    {
        AttachmentMimeContent.EncodedLength(0).Should().Be(0);
        AttachmentMimeContent.EncodedLength(1).Should().Be(4 + 2);
        AttachmentMimeContent.EncodedLength(57).Should().Be(76 + 2);
        AttachmentMimeContent.EncodedLength(58).Should().Be(76 + 2 + 4 + 2);
    }

    private static byte[] Decode(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content!.DecodeTo(buffer);
        return buffer.ToArray();
    }
}
