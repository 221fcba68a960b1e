using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:SendItem</c>.</summary>
internal sealed class SendItemRequest
{
    public bool SaveItemToFolder { get; set; }

    public FolderRef? SavedItemFolder { get; set; }

    public List<ItemRef> ItemIds { get; } = [];
}

/// <summary>
/// EWS <c>SendItem</c> of drafts: the draft leaves its folder and is sent; <c>SaveItemToFolder="true"</c> keeps a copy
/// (Sent Items unless <c>SavedItemFolderId</c> names another). Needs the item's current change key.
/// </summary>
internal sealed class SendItemOperation : EwsServerOperation<SendItemRequest>
{
    private const string M = EwsNames.Messages;

    public override string Name => "SendItem";

    protected override SendItemRequest Read(ReadContext r)
    {
        var c = r.Cursor;
        var save = r.RequiredAttribute("SaveItemToFolder");
        var request = new SendItemRequest { SaveItemToFolder = r.ParseBoolean(save, "SaveItemToFolder") };
        r.Children(ChildSequence.For("SendItem", M, M, "ItemIds! SavedItemFolderId"), () =>
        {
            if (c.LocalName == "ItemIds")
            {
                ItemIdReader.ReadList(r, request.ItemIds);
            }
            else
            {
                request.SavedItemFolder = FolderIdReader.ReadTarget(r);
            }
        });
        return request;
    }

    protected override OperationResult Run(SendItemRequest request, OperationContext context)
    {
        var messages = new List<(ResponseOutcome, Action<XmlWriter>?)>();
        foreach (var id in request.ItemIds)
        {
            messages.Add((SendOne(request, id, context), null));
        }

        return OperationResult.Write(context.Version, Name, messages);
    }

    private static ResponseOutcome SendOne(SendItemRequest request, ItemRef id, OperationContext context)
    {
        var state = context.State;
        var caller = context.Caller;
        if (!request.SaveItemToFolder && request.SavedItemFolder is not null)
        {
            return ResponseOutcome.Error("ErrorInvalidSendItemSaveSettings", ResponseTexts.Default("ErrorInvalidSendItemSaveSettings"));
        }

        if (id.Element != "ItemId")
        {
            return ResponseOutcome.Error("ErrorInvalidItemForOperationSendItem", $"The fake EWS server can only send items named by t:ItemId, not t:{id.Element}.");
        }

        var item = state.Store.Find(id.Id);
        if (item is null || item.Folder != "drafts" && item.Disposition != "SaveOnly")
        {
            return ResponseOutcome.Error("ErrorItemNotFound", ResponseTexts.Default("ErrorItemNotFound"));
        }

        if (id.ChangeKey is null)
        {
            return ResponseOutcome.Error("ErrorChangeKeyRequiredForWriteOperations", ResponseTexts.Default("ErrorChangeKeyRequiredForWriteOperations"));
        }

        if (id.ChangeKey != item.ChangeKey)
        {
            return ResponseOutcome.Error("ErrorStaleObject", ResponseTexts.Default("ErrorStaleObject"));
        }

        string? folder = null;
        if (request.SaveItemToFolder)
        {
            var resolved = FolderResolver.Resolve(state, request.SavedItemFolder, "sentitems", caller, "ErrorSavedItemFolderNotFound");
            if (resolved.Error is not null)
            {
                return resolved.Error;
            }

            folder = resolved.Folder;
        }

        if (SendRules.Check(state, item.Data, caller) is { } sendError)
        {
            return sendError;
        }

        state.Store.Remove(item);
        var sender = caller?.Address ?? item.Owner;
        var sentAt = state.Store.Now();
        state.AddSent(new FakeEwsSentMessage(item.Data, item.Id, item.ChangeKey, "SendItem", folder, item.RequestServerVersion, sender, sentAt, item.Created));
        if (folder is not null)
        {
            state.Store.Add(
                folder, item.Data, "SendItem", item.RequestServerVersion, sender, request.SavedItemFolder?.MailboxAddress ?? sender,
                sentAt, item.Created, state.Options.SentItemsFilingDelay);
        }

        return ResponseOutcome.Success;
    }
}
