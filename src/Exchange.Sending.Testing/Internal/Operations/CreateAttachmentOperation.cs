using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:CreateAttachment</c>.</summary>
internal sealed class CreateAttachmentRequest
{
    public ItemRef? Parent { get; set; }

    public List<AttachmentData> Attachments { get; } = [];
}

/// <summary>
/// EWS <c>CreateAttachment</c>: adds attachments to a draft; each response message carries the attachment id with the
/// root item's id and its new change key. Unknown or already-sent item → <c>ErrorItemNotFound</c>; a parent change key
/// that is not current → <c>ErrorStaleObject</c>.
/// </summary>
internal sealed class CreateAttachmentOperation : EwsServerOperation<CreateAttachmentRequest>
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;

    public override string Name => "CreateAttachment";

    protected override CreateAttachmentRequest Read(ReadContext r)
    {
        var c = r.Cursor;
        var request = new CreateAttachmentRequest();
        r.Children(ChildSequence.For("CreateAttachment", M, M, "ParentItemId! Attachments!"), () =>
        {
            if (c.LocalName == "ParentItemId")
            {
                request.Parent = new ItemRef("ParentItemId", r.RequiredAttribute("Id"), c.Attribute("ChangeKey"));
                c.Skip();
            }
            else
            {
                AttachmentReader.ReadList(r, request.Attachments, "Attachments", M);
                if (request.Attachments.Count == 0)
                {
                    throw c.Violation(
                        $"The element 'Attachments' in namespace '{M}' has incomplete content. List of possible elements expected: 'ItemAttachment, FileAttachment, ReferenceAttachment' in namespace '{T}'.");
                }
            }
        });
        return request;
    }

    protected override OperationResult Run(CreateAttachmentRequest request, OperationContext context)
    {
        var store = context.Store;
        var messages = new List<(ResponseOutcome, Action<XmlWriter>?)>();
        var parent = request.Parent!;
        var item = store.Find(parent.Id);
        if (item is not null && item.Folder != "drafts" && item.Disposition != "SaveOnly")
        {
            item = null;
        }

        lock (store.Gate)
        {
            var stale = item is not null && parent.ChangeKey is not null && parent.ChangeKey != item.ChangeKey;
            foreach (var attachment in request.Attachments)
            {
                if (item is null)
                {
                    messages.Add((ResponseOutcome.Error("ErrorItemNotFound", ResponseTexts.Default("ErrorItemNotFound")), WriteAttachments));
                }
                else if (stale)
                {
                    messages.Add((ResponseOutcome.Error("ErrorStaleObject", ResponseTexts.Default("ErrorStaleObject")), WriteAttachments));
                }
                else
                {
                    attachment.AttachmentId = MailStore.NewAttachmentId();
                    item.Data.Attachments.Add(attachment);
                    item.ChangeKey = store.NextChangeKey();
                    var (owner, rootChangeKey) = (item, item.ChangeKey);
                    messages.Add((ResponseOutcome.Success, x => WriteAttachments(x, attachment, owner, rootChangeKey)));
                }
            }
        }

        return OperationResult.Write(context.Version, Name, messages);
    }

    /// <summary>The empty <c>m:Attachments</c> of an error.</summary>
    private static void WriteAttachments(XmlWriter x) => WriteAttachments(x, null, null, null);

    /// <summary><c>m:Attachments</c> with the new attachment's id, its root item and that item's new change key.</summary>
    private static void WriteAttachments(XmlWriter x, AttachmentData? attachment, StoredItem? owner, string? rootChangeKey)
    {
        x.WriteStartElement("m", "Attachments", M);
        if (owner is not null)
        {
            x.WriteStartElement("t", attachment!.Kind, T);
            x.WriteStartElement("t", "AttachmentId", T);
            x.WriteAttributeString("Id", attachment.AttachmentId);
            x.WriteAttributeString("RootItemId", owner.Id);
            x.WriteAttributeString("RootItemChangeKey", rootChangeKey);
            x.WriteEndElement();
            x.WriteEndElement();
        }

        x.WriteEndElement();
    }
}
