namespace Exchange.Sending.Ews;

/// <summary>EWS <c>GetFolder</c> of a distinguished folder with <c>BaseShape=IdOnly</c>: the cheap probe the connection
/// check and pre-authentication use (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/getfolder-operation).</summary>
internal sealed class GetFolderOperation(string distinguishedFolderId) : IEwsOperation
{
    public string Name => "GetFolder";

    public long AttachmentBytes => 0;

    public bool HasSingleUseContent => false;

    public Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "GetFolder", EwsNames.Messages);
        w.WriteStartElement("m", "FolderShape", EwsNames.Messages);
        w.WriteElementString("t", "BaseShape", EwsNames.Types, "IdOnly");
        w.WriteEndElement();
        w.WriteStartElement("m", "FolderIds", EwsNames.Messages);
        w.WriteStartElement("t", "DistinguishedFolderId", EwsNames.Types);
        w.WriteAttributeString("Id", distinguishedFolderId);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        return Task.CompletedTask;
    }
}
