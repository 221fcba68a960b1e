using Exchange.Sending.Ews.Mime;

namespace Exchange.Sending.Ews;

/// <summary>
/// EWS <c>CreateItem</c> of one <c>t:Message</c> given as <c>t:MimeContent</c> (base64 of the RFC 5322 message, streamed:
/// attachment base64 inside MIME base64 inside XML), followed by the typed properties of <see cref="MimeItemProperties"/>
/// in schema order (ItemType: Sensitivity, Categories, Importance, ExtendedProperty; MessageType: BccRecipients, IsReadReceiptRequested,
/// IsDeliveryReceiptRequested). See https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/mimecontent.
/// </summary>
internal sealed class CreateItemMimeOperation(MimeDocument mime, MimeItemProperties typed, string messageDisposition, EwsFolderTarget? savedItemFolder)
    : IEwsOperation
{
    // MIME without attachments up to this many characters of body is built in memory and sent in one write.
    private const int SmallBodyChars = CreateItemOperation.SmallBodyChars;

    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public string Name => "CreateItem";

    public string MessageDisposition => messageDisposition;

    public bool SendsMessage => messageDisposition != CreateItemOperation.SaveOnly;

    public long AttachmentBytes => mime.AttachmentBytes;

    public bool HasSingleUseContent => mime.HasSingleUseContent;

    public bool IsSmall { get; init; }

    public static bool IsSmallMessage(ExchangeMailMessage message, IReadOnlyList<ExchangeAttachment> attachments) =>
        attachments.Count == 0 && (message.Body?.Content.Length ?? 0) <= SmallBodyChars;

    public async Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        EwsItemWriter.WriteCreateItemStart(w, messageDisposition, savedItemFolder);
        w.WriteStartElement("t", "Message", EwsNames.Types);
        w.WriteStartElement("t", "MimeContent", EwsNames.Types);
        w.WriteAttributeString("CharacterSet", "UTF-8");
        output.BeginRawContent();
        if (output.IsMeasuring)
        {
            output.CountWithoutWriting(EwsXmlOutput.Base64Length(await mime.MeasureAsync(cancellationToken).ConfigureAwait(false)));
        }
        else
        {
            var encoder = new Base64XmlStream(output);
            await mime.WriteToAsync(encoder, cancellationToken).ConfigureAwait(false);
            encoder.Complete();
        }

        w.WriteEndElement();
        WriteTyped(w);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private void WriteTyped(System.Xml.XmlWriter w)
    {
        if (typed.Sensitivity != ExchangeSensitivity.Normal)
        {
            w.WriteElementString("t", "Sensitivity", EwsNames.Types, typed.Sensitivity.ToString());
        }

        EwsItemWriter.WriteCategories(w, typed.Categories);

        if (typed.Importance != ExchangeImportance.Normal)
        {
            w.WriteElementString("t", "Importance", EwsNames.Types, typed.Importance.ToString());
        }

        EwsItemWriter.WriteInternetHeaders(w, typed.Headers);

        EwsItemWriter.WriteRecipients(w, "BccRecipients", typed.Bcc);

        if (typed.IsReadReceiptRequested)
        {
            w.WriteElementString("t", "IsReadReceiptRequested", EwsNames.Types, "true");
        }

        if (typed.IsDeliveryReceiptRequested)
        {
            w.WriteElementString("t", "IsDeliveryReceiptRequested", EwsNames.Types, "true");
        }
    }
}
