using MimeKit;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Renders a received message's fields as MIME with MimeKit.</summary>
internal static class MimeBuilder
{
    public static MimeMessage Build(FakeEwsSentMessage m)
    {
        var message = new MimeMessage();
        if (m.From is { } from)
        {
            message.From.Add(Address(from));
        }
        else if (m.AuthenticatedUser is { } user)
        {
            message.From.Add(MailboxAddress.Parse(user));
        }

        message.To.AddRange(m.ToRecipients.Select(Address));
        message.Cc.AddRange(m.CcRecipients.Select(Address));
        message.Bcc.AddRange(m.BccRecipients.Select(Address));
        message.ReplyTo.AddRange(m.ReplyTo.Select(Address));
        message.Subject = m.Subject ?? "";
        if (m.InternetMessageId is { } id)
        {
            message.MessageId = id.Trim('<', '>');
        }

        if (m.InReplyTo is { } inReplyTo)
        {
            message.InReplyTo = inReplyTo.Trim('<', '>');
        }

        message.Importance = m.Importance switch
        {
            "High" => MessageImportance.High,
            "Low" => MessageImportance.Low,
            _ => MessageImportance.Normal,
        };
        if (m.Sensitivity is { } sensitivity && sensitivity != "Normal")
        {
            message.Headers.Add("Sensitivity", sensitivity == "Confidential" ? "Company-Confidential" : sensitivity);
        }

        if (m.IsReadReceiptRequested == true && message.From.Count > 0)
        {
            message.Headers.Add(HeaderId.DispositionNotificationTo, message.From.ToString());
        }

        if (m.IsDeliveryReceiptRequested == true && message.From.Count > 0)
        {
            message.Headers.Add("Return-Receipt-To", message.From.ToString());
        }

        if (m.Categories.Count > 0)
        {
            message.Headers.Add("Keywords", string.Join(", ", m.Categories));
        }

        foreach (var header in m.InternetHeaders)
        {
            message.Headers.Add(header.Key, header.Value);
        }

        var builder = new BodyBuilder();
        if (string.Equals(m.BodyType, "HTML", StringComparison.OrdinalIgnoreCase))
        {
            builder.HtmlBody = m.Body ?? "";
        }
        else
        {
            builder.TextBody = m.Body ?? "";
        }

        foreach (var a in m.Attachments)
        {
            var content = a.Content ?? [];
            var type = ContentType.TryParse(a.ContentType ?? "application/octet-stream", out var parsed) ? parsed : new ContentType("application", "octet-stream");
            var entity = a.IsInline
                ? builder.LinkedResources.Add(a.Name, content, type)
                : builder.Attachments.Add(a.Name, content, type);
            if (a.ContentId is { } cid)
            {
                entity.ContentId = cid;
            }

            if (a.Content is null)
            {
                entity.Headers.Add(HeaderId.ContentDescription, $"content not kept by the fake EWS server ({a.Length} bytes, SHA-256 {a.Sha256Hex})");
            }
        }

        message.Body = builder.ToMessageBody();
        return message;
    }

    private static MailboxAddress Address(FakeEwsMailbox mailbox) => new(mailbox.Name ?? "", mailbox.Address);
}
