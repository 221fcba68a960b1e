using System.Net;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>
/// CreateItem with t:MimeContent: the MIME's fields are imported as Exchange does, and typed elements beside it
/// (BccRecipients, Importance, Sensitivity, Categories, receipts) take effect on top. Raw SOAP, schema-validated.
/// </summary>
public sealed class CreateItemMimeContentTests
{
    private static readonly byte[] Logo = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4 fake pdf bytes \u0001\u0002");

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    /// <summary>What a MIME-sending client writes: no Bcc header; From, To, Cc, Reply-To, Message-ID, Date; HTML + text, an inline image and a PDF.</summary>
    private static MimeMessage RichMime(bool withBcc = false, Action<MimeMessage>? extra = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Billing", "billing@example.com"));
        message.Sender = new MailboxAddress("Robot", "robot@example.com");
        message.To.Add(new MailboxAddress("Alice", "alice@example.com"));
        message.Cc.Add(new MailboxAddress("", "carol@example.com"));
        if (withBcc)
        {
            message.Bcc.Add(new MailboxAddress("", "hidden@example.com"));
        }

        message.ReplyTo.Add(new MailboxAddress("Support", "support@example.com"));
        message.Subject = "Invoice 42 – ünïcode";
        message.MessageId = "abc.123@example.com";
        message.Date = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(1));
        message.Headers.Add("X-Trace", "t-1");
        var builder = new BodyBuilder { TextBody = "Plain text", HtmlBody = "<p>Hello <img src=\"cid:logo@x\"></p>" };
        var image = builder.LinkedResources.Add("logo.png", Logo, new ContentType("image", "png"));
        image.ContentId = "logo@x";
        builder.Attachments.Add("invoice.pdf", Pdf, new ContentType("application", "pdf"));
        message.Body = builder.ToMessageBody();
        extra?.Invoke(message);
        return message;
    }

    private static string MimeMessageXml(byte[] mime, string typedAfterMime = "") =>
        $"<t:Message><t:MimeContent CharacterSet=\"UTF-8\">{Convert.ToBase64String(mime)}</t:MimeContent>{typedAfterMime}</t:Message>";

    [SkippableFact]
    public async Task Typed_bcc_and_flags_beside_mime_take_effect_and_the_mime_has_no_bcc_header()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var mime = Bytes(RichMime());
        // Schema order: Sensitivity, Categories, Importance, BccRecipients, IsReadReceiptRequested, IsDeliveryReceiptRequested.
        var typed = "<t:Sensitivity>Confidential</t:Sensitivity>" +
                    "<t:Categories><t:String>Billing</t:String><t:String>Q1</t:String></t:Categories>" +
                    "<t:Importance>High</t:Importance>" +
                    $"<t:BccRecipients>{Soap.Mailbox("audit@example.com", "Audit")}{Soap.Mailbox("archive@example.com")}</t:BccRecipients>" +
                    "<t:IsReadReceiptRequested>true</t:IsReadReceiptRequested>" +
                    "<t:IsDeliveryReceiptRequested>true</t:IsDeliveryReceiptRequested>";

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", MimeMessageXml(mime, typed)));

        response.ResponseCode.Should().Be("NoError", response.ToString());
        var m = server.SentMessages.Should().ContainSingle().Subject;
        m.HasMimeContent.Should().BeTrue();
        m.MimeHadBccHeader.Should().BeFalse();
        m.MimeHeaders.Select(h => h.Key).Should().NotContain(k => k.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        m.BccRecipients.Select(r => r.Address).Should().Equal("audit@example.com", "archive@example.com");
        m.BccRecipients[0].Name.Should().Be("Audit");
        m.Sensitivity.Should().Be("Confidential");
        m.Categories.Should().Equal("Billing", "Q1");
        m.Importance.Should().Be("High");
        m.IsReadReceiptRequested.Should().BeTrue();
        m.IsDeliveryReceiptRequested.Should().BeTrue();
        m.ToRecipients.Single().Address.Should().Be("alice@example.com");
        m.Subject.Should().Be("Invoice 42 – ünïcode");
        m.GetMimeContent().Should().Equal(mime);
        m.MimeContentLength.Should().Be(mime.Length);
        m.MimeContentSha256Hex.Should().Be(Convert.ToHexStringLower(SHA256.HashData(mime)));
        server.GetFolderItems("sentitems").Should().ContainSingle().Which.BccRecipients.Should().HaveCount(2);
    }

    [SkippableFact]
    public async Task Fields_only_in_the_mime_are_imported()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var mime = Bytes(RichMime(withBcc: true, extra: m =>
        {
            m.Headers.Add("X-Priority", "1 (Highest)");
            m.Headers.Add("Sensitivity", "Company-Confidential");
            m.Headers.Add("Keywords", "Billing, Q1");
            m.Headers.Add(HeaderId.DispositionNotificationTo, "billing@example.com");
        }));

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", MimeMessageXml(mime)));

        response.ResponseCode.Should().Be("NoError", response.ToString());
        var m = server.SentMessages.Single();
        m.Subject.Should().Be("Invoice 42 – ünïcode");
        m.BodyType.Should().Be("HTML");
        m.Body.Should().Contain("cid:logo@x");
        m.From.Should().Be(new FakeEwsMailbox("Billing", "billing@example.com"));
        m.Sender.Should().Be(new FakeEwsMailbox("Robot", "robot@example.com"));
        m.ToRecipients.Should().Equal(new FakeEwsMailbox("Alice", "alice@example.com"));
        m.CcRecipients.Should().Equal(new FakeEwsMailbox(null, "carol@example.com"));
        m.BccRecipients.Should().Equal(new FakeEwsMailbox(null, "hidden@example.com"));
        m.MimeHadBccHeader.Should().BeTrue();
        m.ReplyTo.Should().Equal(new FakeEwsMailbox("Support", "support@example.com"));
        m.InternetMessageId.Should().Be("<abc.123@example.com>");
        m.Importance.Should().Be("High");
        m.Sensitivity.Should().Be("Confidential");
        m.Categories.Should().Equal("Billing", "Q1");
        m.IsReadReceiptRequested.Should().BeTrue();
        m.IsDeliveryReceiptRequested.Should().BeNull();
        m.InternetHeaders["X-Trace"].Should().Be("t-1");
        m.DateTimeSent.Should().Be(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(1)));

        m.Attachments.Should().HaveCount(2);
        var logo = m.Attachments.Single(a => a.Name == "logo.png");
        logo.IsInline.Should().BeTrue();
        logo.ContentId.Should().Be("logo@x");
        logo.ContentType.Should().Be("image/png");
        logo.Content.Should().Equal(Logo);
        logo.Length.Should().Be(Logo.Length);
        logo.Sha256Hex.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Logo)));
        var pdf = m.Attachments.Single(a => a.Name == "invoice.pdf");
        pdf.IsInline.Should().BeFalse();
        pdf.ContentType.Should().Be("application/pdf");
        pdf.Content.Should().Equal(Pdf);
        pdf.Sha256Hex.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Pdf)));
    }

    [SkippableFact]
    public async Task Importance_header_text_body_and_typed_values_override_the_mime()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("billing@example.com"));
        message.To.Add(MailboxAddress.Parse("alice@example.com"));
        message.Subject = "From MIME";
        message.Importance = MessageImportance.Low;
        message.Headers.Add("Sensitivity", "Personal");
        message.Headers.Add("Keywords", "FromMime");
        message.Body = new TextPart("plain") { Text = "just text" };
        var typed = "<t:Subject>Typed subject</t:Subject><t:Sensitivity>Private</t:Sensitivity>" +
                    "<t:Categories><t:String>Typed</t:String></t:Categories><t:Importance>Normal</t:Importance>" +
                    $"<t:ToRecipients>{Soap.Mailbox("alice@example.com")}{Soap.Mailbox("bob@example.com")}</t:ToRecipients>";

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", MimeMessageXml(Bytes(message), typed)));

        response.ResponseCode.Should().Be("NoError", response.ToString());
        var m = server.SentMessages.Single();
        m.Subject.Should().Be("Typed subject");
        m.Sensitivity.Should().Be("Private");
        m.Categories.Should().Equal("Typed");
        m.Importance.Should().Be("Normal");
        m.BodyType.Should().Be("Text");
        m.Body!.TrimEnd().Should().Be("just text");
        m.ToRecipients.Select(r => r.Address).Should().Equal("alice@example.com", "bob@example.com");
        m.Attachments.Should().BeEmpty();
        m.MimeHeaders.Should().Contain(new KeyValuePair<string, string>("Subject", "From MIME"));
    }

    [Fact]
    public async Task Mime_importance_without_typed_values()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var message = new MimeMessage();
        message.To.Add(MailboxAddress.Parse("alice@example.com"));
        message.Importance = MessageImportance.Low;
        message.Body = new TextPart("plain") { Text = "x" };

        await server.PostAsync(Soap.CreateItem("SendOnly", MimeMessageXml(Bytes(message))));

        var m = server.SentMessages.Single();
        m.Importance.Should().Be("Low");
        m.Sensitivity.Should().BeNull();
        m.MimeHadBccHeader.Should().BeFalse();
    }

    [SkippableFact]
    public async Task Mime_draft_sent_with_senditem_keeps_the_imported_and_typed_fields()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var typed = $"<t:BccRecipients>{Soap.Mailbox("audit@example.com")}</t:BccRecipients>";
        var (id, changeKey) = await server.CreateDraftAsync(MimeMessageXml(Bytes(RichMime()), typed));

        var response = await server.PostAsync(Soap.SendItem(id, changeKey));

        response.ResponseCode.Should().Be("NoError", response.ToString());
        var m = server.SentMessages.Single();
        m.MessageDisposition.Should().Be("SendItem");
        m.BccRecipients.Single().Address.Should().Be("audit@example.com");
        m.MimeHadBccHeader.Should().BeFalse();
        m.Attachments.Should().HaveCount(2);
    }

    [Fact]
    public async Task Mime_larger_than_the_storage_limit_keeps_hashes_headers_and_small_attachments_only()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.MaxStoredAttachmentBytes = 1024 * 1024);
        var big = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        var message = RichMime(extra: m =>
        {
            var builder = new BodyBuilder { TextBody = "see attachment" };
            builder.Attachments.Add("big.bin", big, new ContentType("application", "octet-stream"));
            builder.Attachments.Add("small.pdf", Pdf, new ContentType("application", "pdf"));
            m.Body = builder.ToMessageBody();
        });
        var mime = Bytes(message);

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", MimeMessageXml(mime)));

        response.Status.Should().Be(HttpStatusCode.OK, response.ToString());
        var m = server.SentMessages.Single();
        m.HasMimeContent.Should().BeTrue();
        m.GetMimeContent().Should().BeNull("the MIME is larger than MaxStoredAttachmentBytes");
        m.MimeContentLength.Should().Be(mime.Length);
        m.MimeContentSha256Hex.Should().Be(Convert.ToHexStringLower(SHA256.HashData(mime)));
        m.MimeHeaders.Should().Contain(h => h.Key == "Message-Id" || h.Key == "Message-ID");
        var bigAttachment = m.Attachments.Single(a => a.Name == "big.bin");
        bigAttachment.Content.Should().BeNull();
        bigAttachment.Length.Should().Be(big.Length);
        bigAttachment.Sha256Hex.Should().Be(Convert.ToHexStringLower(SHA256.HashData(big)));
        m.Attachments.Single(a => a.Name == "small.pdf").Content.Should().Equal(Pdf);
        m.ToMimeMessage().Subject.Should().Be("Invoice 42 – ünïcode", "rebuilt from the imported fields");
    }

    [Fact]
    public async Task Invalid_mime_fails_the_item()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", MimeMessageXml([])));

        response.Status.Should().Be(HttpStatusCode.OK);
        server.SentMessages.Should().BeEmpty();
        response.ResponseCode.Should().NotBe("NoError");
    }
}
