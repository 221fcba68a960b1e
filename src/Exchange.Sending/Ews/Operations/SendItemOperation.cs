namespace Exchange.Sending.Ews;

/// <summary>EWS <c>SendItem</c> of a saved draft with its current ChangeKey
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/senditem-operation).</summary>
internal sealed class SendItemOperation(string itemId, string changeKey, bool saveToSentItems, EwsFolderTarget? savedItemFolder = null) : IEwsOperation
{
    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public string Name => "SendItem";

    public long AttachmentBytes => 0;

    public bool HasSingleUseContent => false;

    public bool SendsMessage => true;

    public Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "SendItem", EwsNames.Messages);
        w.WriteAttributeString("SaveItemToFolder", saveToSentItems ? "true" : "false");
        w.WriteStartElement("m", "ItemIds", EwsNames.Messages);
        EwsItemWriter.WriteItemId(w, itemId, changeKey);
        w.WriteEndElement();
        if (saveToSentItems)
        {
            (savedItemFolder ?? EwsFolderTarget.SentItems).Write(w, "SavedItemFolderId", EwsNames.Messages);
        }

        w.WriteEndElement();
        return Task.CompletedTask;
    }
}
