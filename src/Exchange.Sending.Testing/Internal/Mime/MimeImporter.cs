using MimeKit;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Fills a message's fields from its <c>t:MimeContent</c>, as Exchange does when it converts MIME to an item. Runs when
/// the <c>t:MimeContent</c> element has been read, before the typed elements that follow it, so those then take effect
/// on top (scalars replace, recipient lists add, <c>t:Categories</c> replace the <c>Keywords</c>).
/// </summary>
internal static class MimeImporter
{
    /// <summary>Imports <paramref name="source"/> (seekable; parsed in place, part contents are not copied).</summary>
    /// <returns>Null, or the per-item error for MIME that cannot be parsed.</returns>
    public static (string Code, string Text)? Apply(MessageData message, Stream source, long? maxStoredAttachmentBytes)
    {
        MimeMessage mime;
        try
        {
            mime = MimeMessage.Load(source, persistent: true);
        }
        catch (FormatException ex)
        {
            return ("ErrorMimeContentInvalid", "The MIME content is invalid. " + ex.Message);
        }

        using (mime)
        {
            Import(message, mime, maxStoredAttachmentBytes);
        }

        return null;
    }

    private static void Import(MessageData message, MimeMessage mime, long? limit)
    {
        var headers = mime.Headers;
        message.MimeHeaders.AddRange(headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value)));
        message.MimeHadBccHeader = headers.Contains(HeaderId.Bcc);
        message.DateTimeSent = headers.Contains(HeaderId.Date) ? mime.Date : null;
        message.Subject = headers.Contains(HeaderId.Subject) ? mime.Subject : message.Subject;
        if (mime.MessageId is { Length: > 0 } id)
        {
            message.InternetMessageId = $"<{id}>";
        }

        if (mime.InReplyTo is { Length: > 0 } inReplyTo)
        {
            message.InReplyTo = $"<{inReplyTo}>";
        }

        if (mime.References.Count > 0)
        {
            message.References = string.Join(" ", mime.References.Select(r => $"<{r}>"));
        }

        if (mime.HtmlBody is { } html)
        {
            message.Body = html;
            message.BodyType = "HTML";
        }
        else if (mime.TextBody is { } text)
        {
            message.Body = text;
            message.BodyType = "Text";
        }

        message.From = mime.From.Mailboxes.Select(ToMailbox).FirstOrDefault() ?? message.From;
        message.Sender = mime.Sender is { } sender ? ToMailbox(sender) : message.Sender;
        AddAll(message.ToRecipients, mime.To);
        AddAll(message.CcRecipients, mime.Cc);
        AddAll(message.BccRecipients, mime.Bcc);
        AddAll(message.ReplyTo, mime.ReplyTo);
        message.Importance = ImportanceOf(headers) ?? message.Importance;
        message.Sensitivity = SensitivityOf(headers) ?? message.Sensitivity;
        if (headers.Contains(HeaderId.DispositionNotificationTo))
        {
            message.IsReadReceiptRequested = true;
        }

        if (headers.Contains(HeaderId.ReturnReceiptTo))
        {
            message.IsDeliveryReceiptRequested = true;
        }

        foreach (var keywords in headers.Where(h => h.Id == HeaderId.Keywords))
        {
            message.Categories.AddRange(keywords.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var header in headers)
        {
            if (header.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            {
                message.ExtendedProperties.Add(new FakeEwsExtendedProperty("InternetHeaders", null, null, header.Field, null, "String", header.Value));
            }
        }

        foreach (var entity in mime.BodyParts)
        {
            if (ToAttachment(entity, limit) is { } attachment)
            {
                message.Attachments.Add(attachment);
            }
        }
    }

    /// <summary>
    /// A leaf part becomes an attachment unless it is body text: <c>Content-Disposition: attachment</c> → a file attachment;
    /// a part with a <c>Content-ID</c> (an inline image of multipart/related) or any inline non-text part → an inline one.
    /// </summary>
    private static AttachmentData? ToAttachment(MimeEntity entity, long? limit)
    {
        if (entity is MessagePart embedded)
        {
            using var sink = new CappedHashingStream(limit);
            embedded.Message?.WriteTo(sink);
            return Data(entity, "ItemAttachment", isInline: false, sink);
        }

        if (entity is not MimePart part)
        {
            return null;
        }

        bool isInline;
        if (part.IsAttachment)
        {
            isInline = false;
        }
        else if (part.ContentId is not null || part is not TextPart)
        {
            isInline = true;
        }
        else
        {
            return null; // body text (plain or HTML)
        }

        using var content = new CappedHashingStream(limit);
        part.Content?.DecodeTo(content);
        return Data(part, "FileAttachment", isInline, content);
    }

    private static AttachmentData Data(MimeEntity entity, string kind, bool isInline, CappedHashingStream content) => new()
    {
        Kind = kind,
        Name = (entity as MimePart)?.FileName ?? entity.ContentDisposition?.FileName ?? entity.ContentType.Name ?? "",
        ContentType = entity.ContentType.MimeType,
        ContentId = entity.ContentId,
        IsInline = isInline,
        Length = content.Written,
        Content = content.Content(),
        Sha256Hex = content.Sha256Hex(),
    };

    private static string? ImportanceOf(HeaderList headers)
    {
        if (headers[HeaderId.Importance] is { } importance)
        {
            return importance.Trim().ToLowerInvariant() switch
            {
                "high" => "High",
                "low" => "Low",
                _ => "Normal",
            };
        }

        if (headers[HeaderId.XPriority] is { } xPriority && xPriority.TrimStart() is { Length: > 0 } p)
        {
            return p[0] switch
            {
                '1' or '2' => "High",
                '4' or '5' => "Low",
                _ => "Normal",
            };
        }

        if (headers[HeaderId.Priority] is { } priority)
        {
            return priority.Trim().ToLowerInvariant() switch
            {
                "urgent" => "High",
                "non-urgent" => "Low",
                _ => "Normal",
            };
        }

        return null;
    }

    private static string? SensitivityOf(HeaderList headers) => headers["Sensitivity"]?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "personal" => "Personal",
        "private" => "Private",
        "company-confidential" or "confidential" => "Confidential",
        _ => "Normal",
    };

    private static void AddAll(List<FakeEwsMailbox> target, InternetAddressList list)
    {
        foreach (var mailbox in list.Mailboxes)
        {
            MessageData.AddRecipient(target, ToMailbox(mailbox));
        }
    }

    private static FakeEwsMailbox ToMailbox(MailboxAddress m) => new(string.IsNullOrEmpty(m.Name) ? null : m.Name, m.Address);
}
