using System.Text;
using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// Builds the RFC 5322 form of an <see cref="ExchangeMailMessage"/> with MimeKit: From, Reply-To, To, Cc (Bcc travels
/// typed beside the MIME), Message-ID, Date, Subject and names RFC 2047-encoded where needed, a text or HTML body,
/// inline parts in multipart/related, attachments in multipart/mixed (streamed, never loaded), importance,
/// sensitivity, read and delivery receipts (Disposition-Notification-To, Return-Receipt-To), categories (Keywords) and X- headers.
/// </summary>
internal static class MimeMessageFactory
{
    public static MimeDocument Create(ExchangeMailMessage message, ExchangeMailbox from, string internetMessageId, IReadOnlyList<ExchangeAttachment> attachments,
        ExchangeMailbox? sender = null)
    {
        var mime = new MimeMessage();
        mime.From.Add(Address(from));
        if (sender is not null)
        {
            // Send on behalf: "From X, sent by Y" is the Sender header (RFC 5322 §3.6.2).
            mime.Sender = Address(sender);
        }

        AddAll(mime.To, message.To);
        AddAll(mime.Cc, message.Cc);
        AddAll(mime.Bcc, message.Bcc);   // kept on the object for completeness; FormatOptions hides it on the wire
        AddAll(mime.ReplyTo, message.ReplyTo);
        mime.MessageId = internetMessageId.Trim('<', '>');
        mime.Subject = message.Subject ?? "";

        if (message.Importance != ExchangeImportance.Normal)
        {
            mime.Importance = message.Importance == ExchangeImportance.High ? MessageImportance.High : MessageImportance.Low;
            mime.XPriority = message.Importance == ExchangeImportance.High ? XMessagePriority.High : XMessagePriority.Low;
        }

        if (message.Sensitivity != ExchangeSensitivity.Normal)
        {
            // RFC 2156 names, as Exchange writes them.
            mime.Headers.Add(HeaderId.Sensitivity, message.Sensitivity == ExchangeSensitivity.Confidential ? "Company-Confidential" : message.Sensitivity.ToString());
        }

        if (message.IsReadReceiptRequested)
        {
            mime.Headers.Add(HeaderId.DispositionNotificationTo, Address(from).ToString(encode: true));
        }

        if (message.IsDeliveryReceiptRequested)
        {
            mime.Headers.Add(HeaderId.ReturnReceiptTo, Address(from).ToString(encode: true));
        }

        if (message.Categories.Count > 0)
        {
            mime.Headers.Add(HeaderId.Keywords, string.Join(", ", message.Categories));
        }

        foreach (var header in message.Headers)
        {
            mime.Headers.Add(header.Key, header.Value);
        }

        var streamed = new List<AttachmentMimeContent>();
        var body = message.Body ?? ExchangeMessageBody.Text("");
        var text = new TextPart(body.IsHtml ? "html" : "plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        text.SetText(Encoding.UTF8, body.Content);
        MimeEntity root = text;

        var inline = attachments.Where(a => a.IsInline).ToList();
        if (inline.Count > 0)
        {
            var related = new MultipartRelated { Root = text };
            foreach (var attachment in inline)
            {
                related.Add(Part(attachment, streamed));
            }

            root = related;
        }

        var files = attachments.Where(a => !a.IsInline).ToList();
        if (files.Count > 0)
        {
            var mixed = new Multipart("mixed") { root };
            foreach (var attachment in files)
            {
                mixed.Add(Part(attachment, streamed));
            }

            root = mixed;
        }

        mime.Body = root;
        AddressHeaderEncoder.Apply(mime);
        return new MimeDocument(mime, streamed);
    }

    private static StreamedMimePart Part(ExchangeAttachment attachment, List<AttachmentMimeContent> streamed)
    {
        var contentType = attachment.ContentType is { } type && ContentType.TryParse(type, out var parsed) ? parsed : new ContentType("application", "octet-stream");
        var content = new AttachmentMimeContent(attachment);
        streamed.Add(content);
        var part = new StreamedMimePart(contentType, content)
        {
            Content = content,
            ContentTransferEncoding = ContentEncoding.Base64,
            ContentDisposition = new ContentDisposition(attachment.IsInline ? ContentDisposition.Inline : ContentDisposition.Attachment),
            FileName = attachment.Name,
        };
        if (attachment.ContentId is { } id)
        {
            part.ContentId = id;
        }

        return part;
    }

    private static MailboxAddress Address(ExchangeMailbox mailbox) => new(mailbox.DisplayName ?? "", mailbox.Address);

    private static void AddAll(InternetAddressList list, IEnumerable<ExchangeMailbox> mailboxes)
    {
        foreach (var mailbox in mailboxes)
        {
            list.Add(Address(mailbox));
        }
    }
}
