using System.Buffers;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>Writes the parts of <c>t:Message</c> and <c>t:FileAttachment</c>, each in schema order
/// (ItemType children first, then MessageType children; see ../shared/ews-schema/README.md).</summary>
internal static class EwsItemWriter
{
    public static async Task WriteMessageAsync(EwsXmlOutput output, ExchangeMailMessage message, ExchangeMailbox from, ExchangeMailbox? sender,
        string internetMessageId, IReadOnlyList<ExchangeAttachment> attachments, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("t", "Message", EwsNames.Types);

        // ItemType part.
        if (message.Subject is not null)
        {
            w.WriteElementString("t", "Subject", EwsNames.Types, message.Subject);
        }

        if (message.Sensitivity != ExchangeSensitivity.Normal)
        {
            w.WriteElementString("t", "Sensitivity", EwsNames.Types, message.Sensitivity.ToString());
        }

        var body = message.Body ?? ExchangeMessageBody.Text("");
        w.WriteStartElement("t", "Body", EwsNames.Types);
        w.WriteAttributeString("BodyType", body.IsHtml ? "HTML" : "Text");
        w.WriteString(body.Content);
        w.WriteEndElement();
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (attachments.Count > 0)
        {
            w.WriteStartElement("t", "Attachments", EwsNames.Types);
            foreach (var attachment in attachments)
            {
                await WriteFileAttachmentAsync(output, attachment, cancellationToken).ConfigureAwait(false);
            }

            w.WriteEndElement();
        }

        WriteCategories(w, message.Categories);

        if (message.Importance != ExchangeImportance.Normal)
        {
            w.WriteElementString("t", "Importance", EwsNames.Types, message.Importance.ToString());
        }

        WriteInternetHeaders(w, message.Headers);

        // MessageType part: Sender (send on behalf: "from X, sent by Y") comes before the recipients.
        if (sender is not null)
        {
            w.WriteStartElement("t", "Sender", EwsNames.Types);
            WriteMailbox(w, sender);
            w.WriteEndElement();
        }

        WriteRecipients(w, "ToRecipients", message.To);
        WriteRecipients(w, "CcRecipients", message.Cc);
        WriteRecipients(w, "BccRecipients", message.Bcc);
        if (message.IsReadReceiptRequested)
        {
            w.WriteElementString("t", "IsReadReceiptRequested", EwsNames.Types, "true");
        }

        if (message.IsDeliveryReceiptRequested)
        {
            w.WriteElementString("t", "IsDeliveryReceiptRequested", EwsNames.Types, "true");
        }

        w.WriteStartElement("t", "From", EwsNames.Types);
        WriteMailbox(w, from);
        w.WriteEndElement();

        // Message-ID chosen by the client (writable until the message is sent), so an unclear outcome can be
        // looked up in Sent Items instead of resent.
        w.WriteElementString("t", "InternetMessageId", EwsNames.Types, internetMessageId);

        WriteRecipients(w, "ReplyTo", message.ReplyTo);
        w.WriteEndElement();
    }

    public static async Task WriteFileAttachmentAsync(EwsXmlOutput output, ExchangeAttachment attachment, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("t", "FileAttachment", EwsNames.Types);
        w.WriteElementString("t", "Name", EwsNames.Types, attachment.Name);
        if (attachment.ContentType is not null)
        {
            w.WriteElementString("t", "ContentType", EwsNames.Types, attachment.ContentType);
        }

        if (attachment.ContentId is not null)
        {
            w.WriteElementString("t", "ContentId", EwsNames.Types, attachment.ContentId);
        }

        w.WriteElementString("t", "IsInline", EwsNames.Types, attachment.IsInline ? "true" : "false");
        w.WriteStartElement("t", "Content", EwsNames.Types);
        output.BeginRawContent();
        if (output.IsMeasuring)
        {
            output.CountWithoutWriting(EwsXmlOutput.Base64Length(attachment.Length ?? 0));
        }
        else
        {
            var buffer = ArrayPool<byte>.Shared.Rent(EwsXmlOutput.Base64ChunkBytes);
            try
            {
                await AttachmentReader.CopyAsync(attachment, buffer, EwsXmlOutput.Base64ChunkBytes,
                    (chunk, token) => output.WriteBase64Async(chunk.Span, token), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>Custom internet headers as <c>t:ExtendedProperty</c> in the <c>InternetHeaders</c> property set.</summary>
    public static void WriteInternetHeaders(XmlWriter w, IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var header in headers)
        {
            w.WriteStartElement("t", "ExtendedProperty", EwsNames.Types);
            w.WriteStartElement("t", "ExtendedFieldURI", EwsNames.Types);
            w.WriteAttributeString("DistinguishedPropertySetId", "InternetHeaders");
            w.WriteAttributeString("PropertyName", header.Key);
            w.WriteAttributeString("PropertyType", "String");
            w.WriteEndElement();
            w.WriteElementString("t", "Value", EwsNames.Types, header.Value);
            w.WriteEndElement();
        }
    }

    public static void WriteMailbox(XmlWriter w, ExchangeMailbox mailbox)
    {
        w.WriteStartElement("t", "Mailbox", EwsNames.Types);
        if (!string.IsNullOrEmpty(mailbox.DisplayName))
        {
            w.WriteElementString("t", "Name", EwsNames.Types, mailbox.DisplayName);
        }

        w.WriteElementString("t", "EmailAddress", EwsNames.Types, mailbox.Address);
        w.WriteEndElement();
    }

    public static void WriteCategories(XmlWriter w, IList<string> categories)
    {
        if (categories.Count == 0)
        {
            return;
        }

        w.WriteStartElement("t", "Categories", EwsNames.Types);
        for (var i = 0; i < categories.Count; i++)
        {
            w.WriteElementString("t", "String", EwsNames.Types, categories[i]);
        }

        w.WriteEndElement();
    }

    /// <summary><c>m:CreateItem</c> with its <c>MessageDisposition</c>, the optional <c>SavedItemFolderId</c>, and <c>m:Items</c> opened.</summary>
    public static void WriteCreateItemStart(XmlWriter w, string messageDisposition, EwsFolderTarget? savedItemFolder)
    {
        w.WriteStartElement("m", "CreateItem", EwsNames.Messages);
        w.WriteAttributeString("MessageDisposition", messageDisposition);
        savedItemFolder?.Write(w, "SavedItemFolderId", EwsNames.Messages);

        w.WriteStartElement("m", "Items", EwsNames.Messages);
    }

    public static void WriteRecipients(XmlWriter w, string element, IList<ExchangeMailbox> recipients)
    {
        for (var i = 0; i < recipients.Count; i++)
        {
            WriteRecipient(w, element, recipients[i], i, recipients.Count);
        }
    }

    public static void WriteRecipients(XmlWriter w, string element, IReadOnlyList<ExchangeMailbox> recipients)
    {
        for (var i = 0; i < recipients.Count; i++)
        {
            WriteRecipient(w, element, recipients[i], i, recipients.Count);
        }
    }

    // Index loops rather than foreach over an interface: no enumerator is allocated per list on every send.
    private static void WriteRecipient(XmlWriter w, string element, ExchangeMailbox recipient, int index, int count)
    {
        if (index == 0)
        {
            w.WriteStartElement("t", element, EwsNames.Types);
        }

        WriteMailbox(w, recipient);
        if (index == count - 1)
        {
            w.WriteEndElement();
        }
    }

    public static void WriteItemId(XmlWriter w, string id, string? changeKey)
    {
        w.WriteStartElement("t", "ItemId", EwsNames.Types);
        w.WriteAttributeString("Id", id);
        if (changeKey is not null)
        {
            w.WriteAttributeString("ChangeKey", changeKey);
        }

        w.WriteEndElement();
    }
}
