using MimeKit;

namespace Exchange.Sending.Testing.Tests.Inspection;

/// <summary>A received message renders as MIME (.eml) through MimeKit.</summary>
public sealed class MimeExportTests
{
    [Fact]
    public async Task Fields_become_mime_headers_and_parts()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var message = "<t:Message><t:Subject>Report</t:Subject><t:Body BodyType=\"HTML\">&lt;p&gt;&lt;img src=\"cid:logo\"&gt;&lt;/p&gt;</t:Body>" +
                      "<t:Attachments>" + Soap.FileAttachment("logo.png", [1, 2, 3], "logo", inline: true) + Soap.FileAttachment("data.bin", [4, 5]) + "</t:Attachments>" +
                      "<t:Importance>High</t:Importance>" +
                      "<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId=\"InternetHeaders\" PropertyName=\"X-Trace\" PropertyType=\"String\"/><t:Value>42</t:Value></t:ExtendedProperty>" +
                      $"<t:ToRecipients>{Soap.Mailbox("to@example.com", "To Person")}</t:ToRecipients><t:CcRecipients>{Soap.Mailbox("cc@example.com")}</t:CcRecipients>" +
                      $"<t:From>{Soap.Mailbox("from@example.com", "Sender")}</t:From></t:Message>";
        await server.PostAsync(Soap.CreateItem("SendOnly", message));

        var mime = server.SentMessages.Single().ToMimeMessage();

        mime.Subject.Should().Be("Report");
        mime.From.Mailboxes.Single().Address.Should().Be("from@example.com");
        mime.To.Mailboxes.Single().Name.Should().Be("To Person");
        mime.Cc.Mailboxes.Single().Address.Should().Be("cc@example.com");
        mime.Importance.Should().Be(MessageImportance.High);
        mime.Headers["X-Trace"].Should().Be("42");
        mime.HtmlBody.Should().Contain("cid:logo");
        mime.BodyParts.OfType<MimePart>().Should().Contain(p => p.ContentId == "logo");
        mime.Attachments.OfType<MimePart>().Should().ContainSingle(p => p.FileName == "data.bin");
    }

    [Fact]
    public async Task WriteEml_produces_a_parsable_message()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "Eml")));
        using var stream = new MemoryStream();

        server.SentMessages.Single().WriteEml(stream);

        stream.Position = 0;
        MimeMessage.Load(stream).Subject.Should().Be("Eml");
    }

    [SkippableFact]
    public async Task MimeContent_message_keeps_its_original_mime_and_fields()
    {
        await using var server = await TestServers.WithSchemaAsync();

        await server.PostAsync(TestSchema.Sample("createitem-mime.xml"));

        var m = server.SentMessages.Should().ContainSingle().Subject;
        m.HasMimeContent.Should().BeTrue();
        m.Subject.Should().Be("MIME test");
        m.ToRecipients.Single().Address.Should().Be("alice@example.com");
        m.InternetHeaders["X-Custom"].Should().Be("1");
        m.ToMimeMessage().Headers["X-Custom"].Should().Be("1");
    }
}
