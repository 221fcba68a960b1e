namespace Exchange.Sending.Ews;

/// <summary>EWS <c>DeleteItem</c> (HardDelete) of a draft the library created and could not send
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/deleteitem-operation).</summary>
internal sealed class DeleteItemOperation(string itemId) : IEwsOperation
{
    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public string Name => "DeleteItem";

    public long AttachmentBytes => 0;

    public bool HasSingleUseContent => false;

    public Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "DeleteItem", EwsNames.Messages);
        w.WriteAttributeString("DeleteType", "HardDelete");
        w.WriteStartElement("m", "ItemIds", EwsNames.Messages);
        EwsItemWriter.WriteItemId(w, itemId, null);
        w.WriteEndElement();
        w.WriteEndElement();
        return Task.CompletedTask;
    }
}
