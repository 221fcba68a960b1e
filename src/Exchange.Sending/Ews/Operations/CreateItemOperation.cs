namespace Exchange.Sending.Ews;

/// <summary>EWS <c>CreateItem</c> of one <c>t:Message</c> with a <c>MessageDisposition</c>
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/createitem-operation-email-message).</summary>
internal sealed class CreateItemOperation(
    ExchangeMailMessage message, ExchangeMailbox from, string internetMessageId, string messageDisposition, string? savedItemFolder, bool includeAttachments)
    : IEwsOperation
{
    public const string SendAndSaveCopy = "SendAndSaveCopy";
    public const string SendOnly = "SendOnly";
    public const string SaveOnly = "SaveOnly";

    public string Name => "CreateItem";

    public string MessageDisposition => messageDisposition;

    public long AttachmentBytes => includeAttachments ? message.Attachments.Sum(a => a.Length ?? 0) : 0;

    public bool HasSingleUseContent => includeAttachments && message.Attachments.Any(a => !a.IsReplayable);

    public async Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "CreateItem", EwsNames.Messages);
        w.WriteAttributeString("MessageDisposition", messageDisposition);
        if (savedItemFolder is not null)
        {
            EwsItemWriter.WriteDistinguishedFolder(w, "SavedItemFolderId", EwsNames.Messages, savedItemFolder);
        }

        w.WriteStartElement("m", "Items", EwsNames.Messages);
        await EwsItemWriter.WriteMessageAsync(output, message, from, internetMessageId, includeAttachments, cancellationToken).ConfigureAwait(false);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
