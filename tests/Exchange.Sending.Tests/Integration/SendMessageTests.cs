using System.Security.Cryptography;
using System.Text;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Sends over real HTTP to the bundled EWS server and compares what arrived with what was sent.</summary>
public class SendMessageTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [SkippableTheory]
    [InlineData(ExchangeMessageFormat.Items)]
    [InlineData(ExchangeMessageFormat.Mime)]
    public async Task Every_field_arrives_as_sent(ExchangeMessageFormat format)
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = format);
        var pdf = RandomNumberGenerator.GetBytes(70_001);
        var logo = RandomNumberGenerator.GetBytes(1234);
        var message = new ExchangeMailMessage
        {
            Subject = "Счёт <№42> & \"quotes\" 'ok' — 日本語",
            Body = ExchangeMessageBody.Html("<p>Hi &amp; welcome <img src=\"cid:logo@example\"></p>"),
            Importance = ExchangeImportance.High,
            Sensitivity = ExchangeSensitivity.Private,
            IsReadReceiptRequested = true,
            IsDeliveryReceiptRequested = true,
            To = { new ExchangeMailbox("alice@example.com", "Smith, Alice \"Al\" & <Co>"), new ExchangeMailbox("bob@example.com") },
            Cc = { new ExchangeMailbox("carol@example.com", "Кэрол") },
            Bcc = { new ExchangeMailbox("dave@example.com", "Dave") },
            ReplyTo = { new ExchangeMailbox("replies@example.com", "Replies") },
            Attachments =
            {
                ExchangeAttachment.FromBytes("отчёт & report.pdf", pdf, "application/pdf"),
                ExchangeAttachment.FromStream("logo.png", new MemoryStream(logo), "image/png").AsInline("logo@example"),
            },
            Headers = { ["X-Order-Id"] = "42 & <x>", ["X-Tenant"] = "acme" },
            Categories = { "Billing", "Счета" },
        };

        var result = await sender.SendAsync(message);
        var received = await server.WaitForMessageAsync(Wait);

        received.Subject.Should().Be(message.Subject);
        received.Body.Should().Be("<p>Hi &amp; welcome <img src=\"cid:logo@example\"></p>");
        received.BodyType.Should().Be("HTML");
        received.From.Should().Be(new Exchange.Sending.Testing.FakeEwsMailbox("Sender Account", ServerFixture.AccountAddress));
        received.ToRecipients.Select(r => (r.Name, r.Address)).Should().Equal(("Smith, Alice \"Al\" & <Co>", "alice@example.com"), (null, "bob@example.com"));
        received.CcRecipients.Select(r => (r.Name, r.Address)).Should().Equal(("Кэрол", "carol@example.com"));
        received.BccRecipients.Select(r => (r.Name, r.Address)).Should().Equal(("Dave", "dave@example.com"));
        received.ReplyTo.Select(r => (r.Name, r.Address)).Should().Equal(("Replies", "replies@example.com"));
        received.Importance.Should().Be("High");
        received.Sensitivity.Should().Be("Private");
        received.IsReadReceiptRequested.Should().BeTrue();
        received.IsDeliveryReceiptRequested.Should().BeTrue();
        received.Categories.Should().Equal("Billing", "Счета");
        received.InternetHeaders.Should().Contain("X-Order-Id", "42 & <x>").And.Contain("X-Tenant", "acme");
        received.Attachments.Should().HaveCount(2);
        var file = received.Attachments.Single(a => !a.IsInline);
        file.Should().BeEquivalentTo(new { Name = "отчёт & report.pdf", ContentType = "application/pdf", Length = pdf.LongLength });
        file.Content.Should().Equal(pdf);
        var inline = received.Attachments.Single(a => a.IsInline);
        inline.Should().BeEquivalentTo(new { Name = "logo.png", ContentId = "logo@example" });
        inline.Content.Should().Equal(logo);
        received.HasMimeContent.Should().Be(format == ExchangeMessageFormat.Mime);
        result.MessageFormat.Should().Be(format);
        received.MessageDisposition.Should().Be("SendAndSaveCopy");
        received.RequestServerVersion.Should().Be("Exchange2013_SP1");

        result.RequestCount.Should().Be(1);
        result.MessageDisposition.Should().Be(ExchangeMessageDisposition.SendAndSaveCopy);
        result.ServerVersion.Should().Be(new ExchangeServerVersionInfo(15, 1, 2507, 6, "V2017_07_11"));
        result.InternetMessageId.Should().MatchRegex("^<[0-9a-f]{32}@example.com>$");
        // As MIME, a message with Bcc first learns which server it is (gromox needs Bcc sent differently): one GetFolder per connection.
        server.Requests.Select(r => r.Operation).Should().Equal(format == ExchangeMessageFormat.Mime ? ["GetFolder", "CreateItem"] : ["CreateItem"]);
        var createItem = server.Requests[^1];
        createItem.ContentLength.Should().Be(createItem.BodyBytes).And.Be(result.RequestBytes);
        createItem.IsChunked.Should().BeFalse();
        createItem.ContentType.Should().StartWith("text/xml").And.Contain("utf-8");
    }

    [SkippableFact]
    public async Task The_mime_view_of_what_arrived_matches()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        await sender.SendAsync(TestOptions.Message(m =>
        {
            m.Subject = "MIME <check> & ü";
            m.Headers["X-Trace"] = "abc";
        }));
        var mime = (await server.WaitForMessageAsync(Wait)).ToMimeMessage();
        mime.Subject.Should().Be("MIME <check> & ü");
        mime.Headers["X-Trace"].Should().Be("abc");
        mime.To.Mailboxes.Single().Address.Should().Be("alice@example.com");
    }

    [SkippableFact]
    public async Task Save_copy_goes_to_sent_items_and_send_only_does_not()
    {
        await using var server = await ServerFixture.StartAsync();
        using (var saving = ServerFixture.Sender(server))
        {
            await saving.SendAsync(TestOptions.Message(m => m.Subject = "kept"));
        }

        using (var sendOnly = ServerFixture.Sender(server, o => o.SaveCopyToSentItems = false))
        {
            (await sendOnly.SendAsync(TestOptions.Message(m => m.Subject = "not kept"))).MessageDisposition.Should().Be(ExchangeMessageDisposition.SendOnly);
        }

        server.SentMessages.Select(m => (m.Subject, m.MessageDisposition)).Should().Equal(("kept", "SendAndSaveCopy"), ("not kept", "SendOnly"));
        server.GetFolderItems("sentitems").Select(m => m.Subject).Should().Equal("kept");
    }

    [SkippableFact]
    public async Task Message_from_override_and_client_message_id_are_sent()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Users.Add(new("shared@example.com", "Shared")));
        server.GrantSendAs(ServerFixture.AccountAddress, "shared@example.com");
        using var sender = ServerFixture.Sender(server);
        var result = await sender.SendAsync(TestOptions.Message(m =>
        {
            m.From = new ExchangeMailbox("shared@example.com", "Shared Desk");
            m.InternetMessageId = "<order-42@example.com>";
        }));
        var received = await server.WaitForMessageAsync(Wait);
        received.From!.Address.Should().Be("shared@example.com");
        received.InternetMessageId.Should().Be("<order-42@example.com>");
        result.InternetMessageId.Should().Be("<order-42@example.com>");
    }

    [SkippableFact]
    public async Task Files_and_non_seekable_streams_are_read_from_their_source()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var path = Path.Combine(Path.GetTempPath(), $"es-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "file content ✓", new UTF8Encoding(false));
        try
        {
            var piped = new ForwardOnlyStream(Encoding.ASCII.GetBytes("streamed"));
            await sender.SendAsync(TestOptions.Message(m =>
            {
                m.Attachments.Add(ExchangeAttachment.FromFile(path, contentType: "text/plain"));
                m.Attachments.Add(ExchangeAttachment.FromStream("s.txt", piped));
            }));
            var received = await server.WaitForMessageAsync(Wait);
            received.Attachments[0].Name.Should().Be(Path.GetFileName(path));
            Encoding.UTF8.GetString(received.Attachments[0].Content!).Should().Be("file content ✓");
            Encoding.ASCII.GetString(received.Attachments[1].Content!).Should().Be("streamed");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
