using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;
using MimeKit;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// Sends with the default settings (<see cref="ExchangeMessageFormat.Automatic"/>, which resolves to MIME on gromox) and
/// asserts on what ARRIVED in the recipients' mailboxes and in Sent Items, read back over raw EWS.
/// </summary>
public sealed class AutomaticFormatTests : InteropTest
{
    private const string AwkwardName = "Jürgen Ωμέγα & <Co> \"quoted\" 日本語";

    [SkippableFact]
    public async Task Subject_text_body_and_recipient_display_names_with_markup_characters_and_non_latin_text_arrive_intact()
    {
        using var sender = NewSender();
        var message = new ExchangeMailMessage
        {
            // non-Latin first, then ASCII: gromox mangles a non-Latin run that follows ASCII after another non-Latin run (GromoxQuirkTests)
            Subject = Subject("Grüße Ωμέγα 日本語 & <tags> \"quotes\" end"),
            Body = ExchangeMessageBody.Text($"Line one äöü Ωμέγα & <b>not html</b> \"q\"\r\nLine two {Token}"),
            To = { new ExchangeMailbox(User2.Address, "Zoë \"Two\" & <Partner> Ψ") },
            Cc = { new ExchangeMailbox(User3.Address, "Ψ Three, Esq. & <Co>") },
        };

        var result = await sender.SendAsync(message);

        result.MessageFormat.Should().Be(ExchangeMessageFormat.Mime, "Automatic chooses MIME for gromox");
        foreach (var box in new[] { User2Box, User3Box })
        {
            var received = (await box.WaitForMessageAsync("inbox", Token)).Message;
            received.Subject.Should().Be(message.Subject);
            received.TextBody.Should().Contain("Line one äöü Ωμέγα & <b>not html</b> \"q\"").And.Contain("Line two " + Token);
            received.To.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "Zoë \"Two\" & <Partner> Ψ", Address = User2.Address });
            received.Cc.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "Ψ Three, Esq. & <Co>", Address = User3.Address });
        }
    }

    [SkippableFact]
    public async Task Html_body_arrives_with_its_markup_entities_and_non_latin_text()
    {
        using var sender = NewSender();
        var html = $"<html><body><h1>Héllo Ωμέγα</h1><p class=\"x\">Tom &amp; Jerry &lt;3 {Token}</p><table><tr><td>日本語</td></tr></table></body></html>";
        var message = NewMessage("HTML body");
        message.Body = ExchangeMessageBody.Html(html);

        await sender.SendAsync(message);

        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.HtmlBody.Should().NotBeNull();
        received.HtmlBody.Should().Contain("<h1>Héllo Ωμέγα</h1>").And.Contain($"<p class=\"x\">Tom &amp; Jerry &lt;3 {Token}</p>").And.Contain("<td>日本語</td>");
    }

    [SkippableFact]
    public async Task From_carries_the_configured_sender_name_and_a_per_message_display_name()
    {
        using var sender = NewSender();
        await sender.SendAsync(NewMessage("From default"));
        var first = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        first.From.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "User One", Address = GromoxEnvironment.User1.Address });

        var message = NewMessage("From per message");
        message.Subject = Subject("From per message second");
        message.From = new ExchangeMailbox(GromoxEnvironment.User1.Address, AwkwardName);
        await sender.SendAsync(message);
        var second = (await User2Box.WaitForMessageAsync("inbox", $"second [{Token}]")).Message;
        second.From.Mailboxes.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = AwkwardName, Address = GromoxEnvironment.User1.Address });
    }

    [SkippableFact]
    public async Task To_and_Cc_recipients_both_receive_it_and_see_each_other()
    {
        using var sender = NewSender();
        var message = NewMessage("To and Cc");
        message.Cc.Add(User3);

        await sender.SendAsync(message);

        foreach (var box in new[] { User2Box, User3Box })
        {
            var received = (await box.WaitForMessageAsync("inbox", Token)).Message;
            received.To.Mailboxes.Select(m => (m.Name, m.Address)).Should().Equal(("User Two", User2.Address));
            received.Cc.Mailboxes.Select(m => (m.Name, m.Address)).Should().Equal(("User Three", User3.Address));
        }
    }

    [SkippableFact]
    public async Task Bcc_recipient_receives_it_and_is_invisible_to_the_To_and_Cc_recipients()
    {
        using var sender = NewSender();
        var message = NewMessage("Bcc");
        message.Cc.Add(new ExchangeMailbox(GromoxEnvironment.User1.Address, "User One"));   // the sender itself, as the Cc recipient
        message.Bcc.Add(User3);

        await sender.SendAsync(message);

        var bccCopy = await User3Box.WaitForMessageAsync("inbox", Token);
        bccCopy.Message.Subject.Should().Be(message.Subject);
        foreach (var box in new[] { User2Box, User1Box })
        {
            var received = await box.WaitForMessageAsync("inbox", Token);
            received.Message.Headers.Contains(HeaderId.Bcc).Should().BeFalse($"{box.User.Address} (To/Cc) must not see a Bcc header; it got: {received.Message.Headers[HeaderId.Bcc]}");
            received.RawHeaderBlock.Should().NotContainEquivalentOf("user3@", $"{box.User.Address} must not see the Bcc address anywhere in the headers");
            received.AllHeadersDecoded.Should().NotContainEquivalentOf("User Three");
            received.TransportHeaders.Should().NotContain(h => h.Value.Contains("user3@", StringComparison.OrdinalIgnoreCase),
                "the SMTP headers gromox received for this mailbox must not name the Bcc recipient");
        }
    }

    [SkippableFact]
    public async Task Reply_to_arrives()
    {
        using var sender = NewSender();
        var message = NewMessage("Reply-To");
        message.ReplyTo.Add(new ExchangeMailbox(User3.Address, "Replies Ωμέγα & Co"));

        await sender.SendAsync(message);

        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.ReplyTo.Mailboxes.Select(m => (m.Name, m.Address)).Should().Equal(("Replies Ωμέγα & Co", User3.Address));
    }

    [SkippableFact]
    public async Task Message_id_of_the_received_message_and_of_the_sent_items_copy_is_the_one_the_result_reports()
    {
        using var sender = NewSender();

        var result = await sender.SendAsync(NewMessage("Message-ID"));

        result.InternetMessageId.Should().NotBeNullOrWhiteSpace();
        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.MessageId.Should().NotBeNullOrEmpty("the recipient's copy must carry a Message-ID");
        BareMessageId(received.MessageId).Should().Be(BareMessageId(result.InternetMessageId));
        var copy = (await User1Box.WaitForMessageAsync("sentitems", Token)).Message;
        BareMessageId(copy.MessageId).Should().Be(BareMessageId(result.InternetMessageId));
    }

    [SkippableFact]
    public async Task Caller_chosen_message_id_arrives_unchanged()
    {
        using var sender = NewSender();
        var message = NewMessage("Own Message-ID");
        message.InternetMessageId = $"<own-{Token}@interop.example.test>";

        var result = await sender.SendAsync(message);

        BareMessageId(result.InternetMessageId).Should().Be($"own-{Token}@interop.example.test");
        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.MessageId.Should().Be($"own-{Token}@interop.example.test");
    }

    [SkippableFact]
    public async Task Attachments_from_bytes_and_from_a_non_seekable_stream_arrive_byte_identical()
    {
        using var sender = NewSender();
        var allByteValues = Enumerable.Range(0, 256 * 8).Select(i => (byte)i).ToArray();
        var streamed = Bytes(300_000, seed: 7);
        var message = NewMessage("Attachments");
        message.Attachments.Add(ExchangeAttachment.FromBytes("all-bytes.bin", allByteValues, "application/octet-stream"));
        message.Attachments.Add(ExchangeAttachment.FromStream("Ünïcödé & Ωμέγα (1).dat", new NonSeekableStream(new MemoryStream(streamed)), "application/octet-stream"));
        message.Attachments.Add(ExchangeAttachment.FromBytes("notes.txt", "Grüße Ωμέγα\r\n"u8.ToArray(), "text/plain"));

        await sender.SendAsync(message);

        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        var parts = received.BodyParts.OfType<MimePart>().Where(p => p.FileName is not null).ToDictionary(p => p.FileName!, p => Sha256(DecodedContent(p)));
        parts.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["all-bytes.bin"] = Sha256(allByteValues),
            ["Ünïcödé & Ωμέγα (1).dat"] = Sha256(streamed),
            ["notes.txt"] = Sha256("Grüße Ωμέγα\r\n"u8.ToArray()),
        });
    }

    [SkippableFact]
    public async Task Five_megabyte_attachment_arrives_byte_identical_in_the_inbox_and_in_sent_items()
    {
        using var sender = NewSender();
        var big = Bytes(5 * 1024 * 1024, seed: 5);
        var message = NewMessage("5 MB attachment");
        message.Attachments.Add(ExchangeAttachment.FromBytes("big.bin", big, "application/octet-stream"));

        var result = await sender.SendAsync(message);

        result.RequestBytes.Should().BeGreaterThan(big.Length * 4L / 3, "the attachment travels base64-encoded");
        foreach (var (box, folder) in new[] { (User2Box, "inbox"), (User1Box, "sentitems") })
        {
            var received = (await box.WaitForMessageAsync(folder, Token, TimeSpan.FromSeconds(30))).Message;
            var part = received.BodyParts.OfType<MimePart>().Should().ContainSingle(p => p.FileName == "big.bin").Subject;
            Sha256(DecodedContent(part)).Should().Be(Sha256(big), $"{box.User.Address}/{folder}");
        }
    }

    [SkippableFact]
    public async Task Inline_image_keeps_the_content_id_the_html_references()
    {
        using var sender = NewSender();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var message = NewMessage("Inline image");
        message.Body = ExchangeMessageBody.Html($"<html><body><p>Logo {Token}:</p><img src=\"cid:logo@interop.test\" alt=\"logo\"></body></html>");
        message.Attachments.Add(ExchangeAttachment.FromBytes("logo.png", png, "image/png").AsInline("logo@interop.test"));

        await sender.SendAsync(message);

        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.HtmlBody.Should().Contain("cid:logo@interop.test");
        var image = received.BodyParts.OfType<MimePart>().Should().ContainSingle(p => p.ContentId == "logo@interop.test").Subject;
        image.ContentType.MimeType.Should().Be("image/png");
        Sha256(DecodedContent(image)).Should().Be(Sha256(png));
    }

    [SkippableFact]
    public async Task Custom_x_headers_arrive()
    {
        using var sender = NewSender();
        var message = NewMessage("X- headers");
        message.Headers["X-Interop-Token"] = Token;
        message.Headers["X-Custom-Header"] = "custom value; with = signs & <brackets>";

        await sender.SendAsync(message);

        // gromox never writes custom X- headers into the MimeContent it returns; the headers it received over SMTP are in
        // item:InternetMessageHeaders (docs/servers.md).
        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        var headers = received.TransportHeaders.Concat(received.Message.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value))).ToList();
        headers.Should().Contain(h => h.Key.Equals("X-Interop-Token", StringComparison.OrdinalIgnoreCase) && h.Value.Trim() == Token);
        headers.Should().Contain(h => h.Key.Equals("X-Custom-Header", StringComparison.OrdinalIgnoreCase) && h.Value.Trim() == "custom value; with = signs & <brackets>");
    }

    [SkippableFact]
    public async Task Importance_arrives()
    {
        using var sender = NewSender();
        var message = NewMessage("Importance high");
        message.Importance = ExchangeImportance.High;

        await sender.SendAsync(message);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Importance.Should().Be(MessageImportance.High);
        received.Typed("Importance").Should().Be("High");
    }

    [SkippableFact]
    public async Task Sensitivity_categories_and_receipt_requests_arrive()
    {
        using var sender = NewSender();
        var message = NewMessage("Sensitivity categories receipts");
        message.Sensitivity = ExchangeSensitivity.Confidential;
        message.Categories.Add("Alpha");
        message.Categories.Add("Beta");
        message.IsReadReceiptRequested = true;
        message.IsDeliveryReceiptRequested = true;

        await sender.SendAsync(message);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Headers["Sensitivity"].Should().Be("Company-Confidential");
        received.Typed("Sensitivity").Should().Be("Confidential");
        received.Message.Headers["Keywords"].Should().Be("Alpha, Beta");
        received.Message.Headers[HeaderId.DispositionNotificationTo].Should().Contain(GromoxEnvironment.User1.Address);
        received.Message.Headers[HeaderId.ReturnReceiptTo].Should().Contain(GromoxEnvironment.User1.Address);
        received.Typed("IsReadReceiptRequested").Should().Be("true");
        received.Typed("IsDeliveryReceiptRequested").Should().Be("true");
    }

    [SkippableFact]
    public async Task Sent_items_copy_is_kept_when_saving_is_on()
    {
        using var sender = NewSender(o => o.SaveCopyToSentItems = true);

        var result = await sender.SendAsync(NewMessage("Save copy on"));

        result.MessageDisposition.Should().Be(ExchangeMessageDisposition.SendAndSaveCopy);
        await User2Box.WaitForMessageAsync("inbox", Token);
        var copy = (await User1Box.WaitForMessageAsync("sentitems", Token)).Message;
        copy.To.Mailboxes.Select(m => m.Address).Should().Equal(User2.Address);
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(1, "exactly one copy");
        (await User1Box.CountAsync("drafts", Token)).Should().Be(0, "no draft is left behind");
    }

    [SkippableFact]
    public async Task No_sent_items_copy_when_saving_is_off()
    {
        using var sender = NewSender(o => o.SaveCopyToSentItems = false);

        var result = await sender.SendAsync(NewMessage("Save copy off"));

        result.MessageDisposition.Should().Be(ExchangeMessageDisposition.SendOnly);
        await User2Box.WaitForMessageAsync("inbox", Token);   // delivered, so anything the send left is in place by now
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(0);
        (await User1Box.CountAsync("drafts", Token)).Should().Be(0);
    }

    [SkippableFact]
    public async Task A_send_after_a_send_larger_than_64_KiB_on_the_same_connection_arrives_too()
    {
        // gromox answers the request after a >64 KiB body on the same keep-alive connection with 400 (docs/servers.md).
        using var sender = NewSender();
        var big = NewMessage("Large first");
        big.Attachments.Add(ExchangeAttachment.FromBytes("100k.bin", Bytes(100_000, seed: 9), "application/octet-stream"));
        var small = NewMessage("Small second");
        small.Subject = Subject("Small second");

        await sender.SendAsync(big);
        await sender.SendAsync(small);
        await sender.SendAsync(NewMessage("Third"));

        (await User2Box.WaitForMessageAsync("inbox", "Large first [" + Token)).Message.Attachments.Should().ContainSingle();
        await User2Box.WaitForMessageAsync("inbox", "Small second [" + Token);
        await User2Box.WaitForMessageAsync("inbox", "Third [" + Token);
    }
}
