using System.Security.Cryptography;
using MimeKit;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Fills a message's fields from its <c>t:MimeContent</c>, as Exchange does when it converts MIME to an item.</summary>
internal static class MimeImporter
{
    public static ResponseOutcome? Apply(MessageData message)
    {
        MimeMessage mime;
        try
        {
            mime = MimeMessage.Load(new MemoryStream(message.MimeContent!, writable: false));
        }
        catch (FormatException ex)
        {
            return ResponseOutcome.Error("ErrorMimeContentInvalid", "The MIME content is invalid. " + ex.Message);
        }

        message.Subject ??= mime.Subject;
        message.InternetMessageId ??= mime.MessageId is { } id ? $"<{id}>" : null;
        if (mime.HtmlBody is { } html)
        {
            message.Body ??= html;
            message.BodyType ??= "HTML";
        }
        else if (mime.TextBody is { } text)
        {
            message.Body ??= text;
            message.BodyType ??= "Text";
        }

        message.From ??= mime.From.Mailboxes.Select(ToMailbox).FirstOrDefault();
        AddAll(message.ToRecipients, mime.To);
        AddAll(message.CcRecipients, mime.Cc);
        AddAll(message.BccRecipients, mime.Bcc);
        AddAll(message.ReplyTo, mime.ReplyTo);
        message.Importance ??= mime.Importance switch
        {
            MessageImportance.High => "High",
            MessageImportance.Low => "Low",
            _ => null,
        };
        foreach (var header in mime.Headers)
        {
            if (header.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            {
                message.ExtendedProperties.Add(new FakeEwsExtendedProperty("InternetHeaders", null, null, header.Field, null, "String", header.Value));
            }
        }

        foreach (var part in mime.BodyParts.OfType<MimePart>().Where(p => p.IsAttachment || p.ContentId is not null && p.ContentDisposition?.Disposition == ContentDisposition.Inline))
        {
            using var buffer = new MemoryStream();
            part.Content?.DecodeTo(buffer);
            var bytes = buffer.ToArray();
            message.Attachments.Add(new AttachmentData
            {
                Name = part.FileName ?? "",
                ContentType = part.ContentType.MimeType,
                ContentId = part.ContentId,
                IsInline = !part.IsAttachment,
                Length = bytes.Length,
                Content = bytes,
                Sha256Hex = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            });
        }

        return null;
    }

    private static void AddAll(List<FakeEwsMailbox> target, InternetAddressList list) =>
        target.AddRange(list.Mailboxes.Select(ToMailbox));

    private static FakeEwsMailbox ToMailbox(MailboxAddress m) => new(string.IsNullOrEmpty(m.Name) ? null : m.Name, m.Address);
}
