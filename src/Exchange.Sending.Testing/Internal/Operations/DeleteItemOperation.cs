using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:DeleteItem</c>.</summary>
internal sealed class DeleteItemRequest
{
    public string DeleteType { get; set; } = "";

    public List<ItemRef> ItemIds { get; } = [];
}

/// <summary>EWS <c>DeleteItem</c>: <c>HardDelete</c>/<c>SoftDelete</c> remove the item, <c>MoveToDeletedItems</c> moves it to Deleted Items.</summary>
internal sealed class DeleteItemOperation : EwsServerOperation<DeleteItemRequest>
{
    private const string M = EwsNames.Messages;

    public override string Name => "DeleteItem";

    protected override DeleteItemRequest Read(ReadContext r)
    {
        var request = new DeleteItemRequest
        {
            DeleteType = r.EnumAttribute("DeleteType", "DisposalType", required: true, "HardDelete", "SoftDelete", "MoveToDeletedItems")!,
        };
        r.Children(ChildSequence.For("DeleteItem", M, M, "ItemIds!"), () => ItemIdReader.ReadList(r, request.ItemIds));
        return request;
    }

    protected override OperationResult Run(DeleteItemRequest request, OperationContext context)
    {
        var store = context.Store;
        var messages = new List<(ResponseOutcome, Action<XmlWriter>?)>();
        foreach (var id in request.ItemIds)
        {
            var item = id.Element == "ItemId" ? store.Find(id.Id) : null;
            if (item is null)
            {
                messages.Add((ResponseOutcome.Error("ErrorItemNotFound", ResponseTexts.Default("ErrorItemNotFound")), null));
                continue;
            }

            if (request.DeleteType == "MoveToDeletedItems" && item.Folder != "deleteditems")
            {
                lock (store.Gate)
                {
                    item.Folder = "deleteditems";
                    item.ChangeKey = store.NextChangeKey();
                }
            }
            else
            {
                store.Remove(item);
            }

            messages.Add((ResponseOutcome.Success, null));
        }

        return OperationResult.Write(context.Version, Name, messages);
    }
}
