using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;
using MimeKit;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// <see cref="ExchangeMessageFormat.Items"/> (typed item properties, as the EWS Managed API sends them) against gromox.
/// What gromox keeps is asserted as working; what it loses is asserted AS LOST ("known loss"): these tests document
/// gromox 3.10's behaviour (docs/servers.md, "Items format on gromox") and are meant to fail when gromox changes, so
/// that the automatic choice of MIME for gromox can be revisited.
/// </summary>
public sealed class ItemsFormatKnownLossTests : InteropTest
{
    private ExchangeMailSender ItemsSender(ExchangeVersion? version = null, bool save = true) => NewSender(o =>
    {
        o.MessageFormat = ExchangeMessageFormat.Items;
        o.SaveCopyToSentItems = save;
        if (version is { } v)
        {
            o.Version = v;
        }
    });

    [SkippableFact]
    public async Task Items_format_delivers_subject_text_body_recipients_and_importance()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items basics Grüße & <x>");
        message.Cc.Add(User3);
        message.Importance = ExchangeImportance.High;

        var result = await sender.SendAsync(message);

        result.MessageFormat.Should().Be(ExchangeMessageFormat.Items);
        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.Subject.Should().Be(message.Subject);
        received.TextBody.Should().Contain("Body " + Token);
        received.To.Mailboxes.Select(m => m.Address).Should().Equal(User2.Address);
        received.Cc.Mailboxes.Select(m => m.Address).Should().Equal(User3.Address);
        received.Importance.Should().Be(MessageImportance.High);
        (await User3Box.WaitForMessageAsync("inbox", Token)).Message.Subject.Should().Be(message.Subject);
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(1);
    }

    [SkippableFact]
    public async Task Known_loss_items_format_attachments_in_create_item_are_dropped()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items attachment");
        message.Attachments.Add(ExchangeAttachment.FromBytes("data.bin", Bytes(1000, seed: 3), "application/octet-stream"));

        await sender.SendAsync(message);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.BodyParts.OfType<MimePart>().Where(p => p.FileName is not null).Should().BeEmpty(
            "KNOWN LOSS: gromox ignores t:Attachments inside CreateItem");
        received.Typed("HasAttachments").Should().Be("false");
    }

    [SkippableFact]
    public async Task Known_loss_three_call_path_below_exchange2010_sp2_drops_the_attachment_and_leaves_no_sent_items_copy()
    {
        using var sender = ItemsSender(ExchangeVersion.Exchange2010_SP1);
        var message = NewMessage("Three calls");
        message.Attachments.Add(ExchangeAttachment.FromBytes("report.bin", Bytes(2000, seed: 4), "application/octet-stream"));

        var result = await sender.SendAsync(message);

        result.RequestCount.Should().BeGreaterThanOrEqualTo(3, "CreateItem SaveOnly + CreateAttachment + SendItem");
        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Subject.Should().Be(message.Subject);
        received.Message.BodyParts.OfType<MimePart>().Where(p => p.FileName is not null).Should().BeEmpty(
            "KNOWN LOSS: gromox stores CreateAttachment's attachment but SendItem does not send it");
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(0,
            "KNOWN LOSS: gromox's SendItem SaveItemToFolder=true sends but saves nothing in Sent Items");
        (await User1Box.CountAsync("drafts", Token)).Should().Be(1,
            "KNOWN LOSS: the sent item stays behind in Drafts (the library saves the draft to Drafts by name; gromox's SendItem leaves it there)");
        (await User1Box.CountAsync("outbox", Token)).Should().Be(0, "without SavedItemFolderId gromox would have saved the draft to its Outbox");
    }

    [SkippableFact]
    public async Task Known_loss_items_format_message_id_is_dropped()
    {
        using var sender = ItemsSender();

        var result = await sender.SendAsync(NewMessage("Items Message-ID"));

        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        BareMessageId(received.MessageId).Should().NotBe(BareMessageId(result.InternetMessageId),
            "KNOWN LOSS: gromox ignores t:InternetMessageId");
        received.MessageId.Should().BeNullOrEmpty("KNOWN LOSS: gromox sends typed items without any Message-ID");
    }

    [SkippableFact]
    public async Task Known_loss_items_format_from_is_missing_in_what_arrives()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items From");
        message.From = new ExchangeMailbox(GromoxEnvironment.User1.Address, "Explicit From Name");

        await sender.SendAsync(message);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.From.Mailboxes.Should().BeEmpty("KNOWN LOSS: gromox's CreateItem SendAndSaveCopy writes no From header");
        received.TransportHeaders.Should().NotContain(h => h.Key.Equals("From", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public async Task Known_loss_items_format_reply_to_is_dropped()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items Reply-To");
        message.ReplyTo.Add(User3);

        await sender.SendAsync(message);

        var received = (await User2Box.WaitForMessageAsync("inbox", Token)).Message;
        received.ReplyTo.Mailboxes.Should().BeEmpty("KNOWN LOSS: gromox ignores t:ReplyTo");
        var copy = (await User1Box.WaitForMessageAsync("sentitems", Token)).Message;
        copy.ReplyTo.Mailboxes.Should().BeEmpty("KNOWN LOSS: not even the Sent Items copy keeps it");
    }

    [SkippableFact]
    public async Task Known_loss_items_format_bcc_is_leaked_to_the_to_recipient()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items Bcc");
        message.Bcc.Add(User3);

        await sender.SendAsync(message);

        (await User3Box.WaitForMessageAsync("inbox", Token)).Message.Subject.Should().Be(message.Subject, "the Bcc recipient is delivered");
        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Bcc.Mailboxes.Select(m => m.Address).Should().Contain(User3.Address,
            "KNOWN LOSS: gromox writes the Bcc header into the SMTP data, so the To recipient sees the Bcc recipient");
    }

    [SkippableFact]
    public async Task Known_loss_items_format_receipt_requests_do_not_reach_the_recipient()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items receipts");
        message.IsReadReceiptRequested = true;
        message.IsDeliveryReceiptRequested = true;

        await sender.SendAsync(message);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Headers.Contains(HeaderId.DispositionNotificationTo).Should().BeFalse("KNOWN LOSS: the read receipt request is dropped");
        received.Message.Headers.Contains(HeaderId.ReturnReceiptTo).Should().BeFalse("KNOWN LOSS: the delivery receipt request is dropped");
        received.Typed("IsReadReceiptRequested").Should().NotBe("true");
    }

    [SkippableFact]
    public async Task Items_format_custom_x_headers_reach_the_wire_but_not_the_mime_content()
    {
        using var sender = ItemsSender();
        var message = NewMessage("Items X- headers");
        message.Headers["X-Interop-Token"] = Token;

        await sender.SendAsync(message);

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.TransportHeaders.Should().Contain(h => h.Key == "X-Interop-Token" && h.Value.Trim() == Token);
        received.Message.Headers.Contains("X-Interop-Token").Should().BeFalse("KNOWN LOSS: gromox's MimeContent never shows custom X- headers");
    }
}
