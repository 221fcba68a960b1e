using System.Globalization;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:GetFolder</c>.</summary>
internal sealed class GetFolderRequest
{
    public string BaseShape { get; set; } = "Default";

    public List<FolderRef> FolderIds { get; } = [];
}

/// <summary>
/// EWS <c>GetFolder</c> of distinguished folders or returned folder ids: <c>IdOnly</c> → <c>t:FolderId</c>; otherwise
/// also display name and counts (<c>AllProperties</c> adds the folder class).
/// </summary>
internal sealed class GetFolderOperation : EwsServerOperation<GetFolderRequest>
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;

    public override string Name => "GetFolder";

    protected override GetFolderRequest Read(ReadContext r)
    {
        var c = r.Cursor;
        var request = new GetFolderRequest();
        r.Children(ChildSequence.For("GetFolder", M, M, "FolderShape! FolderIds!"), () =>
        {
            if (c.LocalName == "FolderShape")
            {
                r.Children(ChildSequence.For("FolderShape", M, T, "BaseShape! AdditionalProperties"), () =>
                {
                    if (c.LocalName == "BaseShape")
                    {
                        request.BaseShape = r.EnumText("DefaultShapeNamesType", "IdOnly", "Default", "AllProperties", "PcxPeopleSearch");
                    }
                    else
                    {
                        c.Skip();
                    }
                });
            }
            else
            {
                r.Children(null, () =>
                {
                    if (c.NamespaceUri != T || c.LocalName is not ("FolderId" or "DistinguishedFolderId"))
                    {
                        throw c.Violation($"The element 'FolderIds' in namespace '{M}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'. List of possible elements expected: 'FolderId, DistinguishedFolderId' in namespace '{T}'.");
                    }

                    request.FolderIds.Add(FolderIdReader.Read(r));
                });
                if (request.FolderIds.Count == 0)
                {
                    throw c.Violation($"The element 'FolderIds' in namespace '{M}' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId' in namespace '{T}'.");
                }
            }
        });
        return request;
    }

    protected override OperationResult Run(GetFolderRequest request, OperationContext context)
    {
        var messages = new List<(ResponseOutcome, Action<XmlWriter>?)>();
        foreach (var reference in request.FolderIds)
        {
            var (folder, error) = FolderResolver.Resolve(context.State, reference, "root", null, "ErrorFolderNotFound");
            messages.Add(error is not null ? (error, null) : (ResponseOutcome.Success, x => WriteFolders(x, folder!, request.BaseShape, context.Store)));
        }

        return OperationResult.Write(context.Version, Name, messages);
    }

    private static void WriteFolders(XmlWriter x, string folder, string baseShape, MailStore store)
    {
        x.WriteStartElement("m", "Folders", M);
        x.WriteStartElement("t", "Folder", T);
        x.WriteStartElement("t", "FolderId", T);
        x.WriteAttributeString("Id", MailStore.FolderId(folder));
        x.WriteAttributeString("ChangeKey", MailStore.FolderChangeKey(folder));
        x.WriteEndElement();
        if (baseShape != "IdOnly")
        {
            if (baseShape == "AllProperties")
            {
                x.WriteElementString("t", "FolderClass", T, "IPF.Note");
            }

            x.WriteElementString("t", "DisplayName", T, MailStore.DisplayName(folder));
            x.WriteElementString("t", "TotalCount", T, store.Count(folder).ToString(CultureInfo.InvariantCulture));
            var children = folder is "root" ? 1 : folder is "msgfolderroot" ? MailStore.KnownFolders.Count() - 2 : 0;
            x.WriteElementString("t", "ChildFolderCount", T, children.ToString(CultureInfo.InvariantCulture));
            x.WriteElementString("t", "UnreadCount", T, "0");
        }

        x.WriteEndElement();
        x.WriteEndElement();
    }
}
