using System.Text;
using System.Xml.Linq;
using Exchange.Sending.Ews;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Ews;

/// <summary>Every request the writer emits validates against Microsoft's EWS schema, elements in schema order.</summary>
public class EwsRequestWriterSchemaTests
{
    private static readonly XNamespace T = EwsNames.Types;

    private static async Task<string> WriteAsync(IEwsOperation operation, ExchangeVersion version = ExchangeVersion.Exchange2013_SP1) =>
        Encoding.UTF8.GetString(await RequestBytes.WriteAsync(operation, version));

    private static ExchangeMailMessage FullMessage()
    {
        var message = TestOptions.Message(m =>
        {
            m.Subject = "Q3 <report> & \"figures\" — отчёт";
            m.Body = ExchangeMessageBody.Html("<p>See <img src=\"cid:logo@example\"></p>");
            m.Cc.Add(new ExchangeMailbox("bob@example.com", "Smith, Bob \"the builder\" & <co>"));
            m.Bcc.Add(new ExchangeMailbox("carol@example.com"));
            m.ReplyTo.Add(new ExchangeMailbox("replies@example.com", "Replies"));
            m.Attachments.Add(ExchangeAttachment.FromBytes("report.pdf", [1, 2, 3, 4, 5], "application/pdf"));
            m.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", [9, 8, 7], "image/png").AsInline("logo@example"));
            m.Importance = ExchangeImportance.High;
            m.Sensitivity = ExchangeSensitivity.Confidential;
            m.IsReadReceiptRequested = true;
            m.IsDeliveryReceiptRequested = true;
            m.Headers["X-Order-Id"] = "42";
            m.Categories.Add("Billing");
        });
        return message;
    }

    [SkippableFact]
    public async Task CreateItem_with_every_field_validates_and_keeps_schema_order()
    {
        EwsSchema.RequireDirectory();
        var xml = await WriteAsync(new CreateItemOperation(FullMessage(), new ExchangeMailbox("noreply@example.com", "Notifications"),
            "<id@example.com>", CreateItemOperation.SendAndSaveCopy, "sentitems", FullMessage().Attachments.ToArray()));

        EwsSchema.Validate(xml).Should().BeEmpty();
        var message = XDocument.Parse(xml).Descendants(T + "Message").Single();
        message.Elements().Select(e => e.Name.LocalName).Should().Equal(
            "Subject", "Sensitivity", "Body", "Attachments", "Categories", "Importance", "ExtendedProperty",
            "ToRecipients", "CcRecipients", "BccRecipients", "IsReadReceiptRequested", "IsDeliveryReceiptRequested", "From", "InternetMessageId", "ReplyTo");
    }

    [SkippableTheory]
    [InlineData(ExchangeVersion.Exchange2007_SP1)]
    [InlineData(ExchangeVersion.Exchange2010_SP2)]
    [InlineData(ExchangeVersion.Exchange2016)]
    [InlineData(ExchangeVersion.V2018_01_08)]
    public async Task Every_version_is_a_valid_RequestServerVersion(ExchangeVersion version)
    {
        EwsSchema.RequireDirectory();
        var xml = await WriteAsync(new GetFolderOperation("sentitems"), version);
        EwsSchema.Validate(xml).Should().BeEmpty();
        XDocument.Parse(xml).Descendants(T + "RequestServerVersion").Single().Attribute("Version")!.Value.Should().Be(version.ToString());
    }

    [SkippableFact]
    public async Task ResolveNames_validates_and_asks_the_directory_for_the_exact_smtp_address()
    {
        EwsSchema.RequireDirectory();
        var xml = await WriteAsync(new ResolveNamesOperation("shared.mailbox@example.com"));
        EwsSchema.Validate(xml).Should().BeEmpty();
        var resolve = XDocument.Parse(xml).Descendants(XNamespace.Get(EwsNames.Messages) + "ResolveNames").Single();
        resolve.Attribute("ReturnFullContactData")!.Value.Should().Be("false");
        resolve.Attribute("SearchScope")!.Value.Should().Be("ActiveDirectory");
        resolve.Elements().Select(e => (e.Name.LocalName, e.Value)).Should().Equal(("UnresolvedEntry", "SMTP:shared.mailbox@example.com"));
    }

    [SkippableFact]
    public async Task Three_call_operations_validate()
    {
        EwsSchema.RequireDirectory();
        var attachment = ExchangeAttachment.FromBytes("a.txt", Encoding.UTF8.GetBytes("hello"), "text/plain");
        foreach (IEwsOperation operation in new IEwsOperation[]
                 {
                     new CreateItemOperation(FullMessage(), new ExchangeMailbox("noreply@example.com"), "<id@example.com>", CreateItemOperation.SaveOnly, null, []),
                     new CreateAttachmentOperation("AAMkAD=", "CQAAAB", attachment),
                     new SendItemOperation("AAMkAD=", "CQAAAC", saveToSentItems: true),
                     new SendItemOperation("AAMkAD=", "CQAAAC", saveToSentItems: false),
                     new DeleteItemOperation("AAMkAD="),
                 })
        {
            EwsSchema.Validate(await WriteAsync(operation)).Should().BeEmpty(operation.Name + " must validate");
        }
    }

    [Fact]
    public async Task Attachment_content_is_base64_of_the_source_bytes_across_chunks()
    {
        var bytes = new byte[200_003];
        new Random(7).NextBytes(bytes);
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("big.bin", new MemoryStream(bytes))));
        var xml = await WriteAsync(new CreateItemOperation(message, new ExchangeMailbox("a@example.com"), "<x@example.com>", "SendOnly", null, message.Attachments.ToArray()));
        var content = XDocument.Parse(xml).Descendants(T + "Content").Single().Value;
        Convert.FromBase64String(content).Should().Equal(bytes);
    }

    [Fact]
    public async Task Text_body_stays_text_and_special_characters_are_escaped()
    {
        var message = TestOptions.Message(m => m.Body = ExchangeMessageBody.Text("<b>not html</b> & more"));
        var xml = await WriteAsync(new CreateItemOperation(message, new ExchangeMailbox("a@example.com"), "<x@example.com>", "SendOnly", null, []));
        var body = XDocument.Parse(xml).Descendants(T + "Body").Single();
        body.Attribute("BodyType")!.Value.Should().Be("Text");
        body.Value.Should().Be("<b>not html</b> & more");
        xml.Should().Contain("&lt;b&gt;not html&lt;/b&gt; &amp; more");
    }
}
