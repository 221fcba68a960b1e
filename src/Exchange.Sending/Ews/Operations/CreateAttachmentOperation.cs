namespace Exchange.Sending.Ews;

/// <summary>EWS <c>CreateAttachment</c>: adds one file attachment to a saved draft
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/createattachment-operation).</summary>
internal sealed class CreateAttachmentOperation(string parentItemId, string parentChangeKey, ExchangeAttachment attachment) : IEwsOperation
{
    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public string Name => "CreateAttachment";

    public long AttachmentBytes => attachment.Length ?? 0;

    public bool HasSingleUseContent => !attachment.IsReplayable;

    public async Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "CreateAttachment", EwsNames.Messages);
        w.WriteStartElement("m", "ParentItemId", EwsNames.Messages);
        w.WriteAttributeString("Id", parentItemId);
        w.WriteAttributeString("ChangeKey", parentChangeKey);
        w.WriteEndElement();
        w.WriteStartElement("m", "Attachments", EwsNames.Messages);
        await EwsItemWriter.WriteFileAttachmentAsync(output, attachment, cancellationToken).ConfigureAwait(false);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
