namespace Exchange.Sending.Ews;

/// <summary>
/// EWS <c>FindItem</c> (Shallow) of the items in one folder whose <c>message:InternetMessageId</c> equals a
/// Message-ID, with their ids, subject and send/creation times: how a send whose outcome is unknown is looked up
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/finditem-operation). Elements follow
/// FindItemType's order: ItemShape, IndexedPageItemView, Restriction, ParentFolderIds.
/// </summary>
internal sealed class FindItemOperation(EwsFolderTarget folder, string internetMessageId) : IEwsOperation
{
    // More than a handful of items with one Message-ID means a caller reuses ids; the first few answer the question.
    internal const int MaxEntries = 10;

    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public string Name => "FindItem";

    public EwsFolderTarget Folder => folder;

    public long AttachmentBytes => 0;

    public bool HasSingleUseContent => false;

    public Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "FindItem", EwsNames.Messages);
        w.WriteAttributeString("Traversal", "Shallow");
        w.WriteStartElement("m", "ItemShape", EwsNames.Messages);
        w.WriteElementString("t", "BaseShape", EwsNames.Types, "IdOnly");
        w.WriteStartElement("t", "AdditionalProperties", EwsNames.Types);
        foreach (var field in (ReadOnlySpan<string>)["item:Subject", "item:DateTimeSent", "item:DateTimeCreated", "message:InternetMessageId"])
        {
            w.WriteStartElement("t", "FieldURI", EwsNames.Types);
            w.WriteAttributeString("FieldURI", field);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("m", "IndexedPageItemView", EwsNames.Messages);
        w.WriteAttributeString("MaxEntriesReturned", MaxEntries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteAttributeString("Offset", "0");
        w.WriteAttributeString("BasePoint", "Beginning");
        w.WriteEndElement();
        w.WriteStartElement("m", "Restriction", EwsNames.Messages);
        w.WriteStartElement("t", "IsEqualTo", EwsNames.Types);
        w.WriteStartElement("t", "FieldURI", EwsNames.Types);
        w.WriteAttributeString("FieldURI", "message:InternetMessageId");
        w.WriteEndElement();
        w.WriteStartElement("t", "FieldURIOrConstant", EwsNames.Types);
        w.WriteStartElement("t", "Constant", EwsNames.Types);
        w.WriteAttributeString("Value", internetMessageId);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        folder.Write(w, "ParentFolderIds", EwsNames.Messages);
        w.WriteEndElement();
        return Task.CompletedTask;
    }
}
