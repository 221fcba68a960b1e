using System.Globalization;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:FindItem</c>.</summary>
internal sealed class FindItemRequest
{
    public string Traversal { get; set; } = "Shallow";

    public string BaseShape { get; set; } = "IdOnly";

    public List<FieldPath> AdditionalProperties { get; } = [];

    public IndexedPage? Page { get; set; }

    public ItemCondition? Restriction { get; set; }

    /// <summary>The first search expression the server cannot evaluate, or null.</summary>
    public string? UnsupportedRestriction { get; set; }

    public List<(FieldPath Path, bool Descending)> SortOrder { get; } = [];

    public List<FolderRef> ParentFolders { get; } = [];

    /// <summary>The first request element the server does not emulate (another view, grouping, a query string), or null.</summary>
    public string? Unsupported { get; set; }
}

/// <summary><c>m:IndexedPageItemView</c>: at most <see cref="MaxEntries"/> items from <see cref="Offset"/>, counted from the start or the end.</summary>
internal sealed record IndexedPage(int? MaxEntries, int Offset, bool FromEnd);

/// <summary>
/// EWS <c>FindItem</c> over the stored items: <c>Shallow</c> traversal of distinguished folders (optionally another
/// mailbox's) or returned folder ids, a restriction on the Message-ID, subject or times, sort order and indexed
/// paging; one response message per parent folder, with <c>t:Message</c> items in the requested shape.
/// </summary>
internal sealed class FindItemOperation : EwsServerOperation<FindItemRequest>
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;

    private const string Sequence =
        "ItemShape! IndexedPageItemView FractionalPageItemView SeekToConditionPageItemView CalendarView ContactsView " +
        "GroupBy DistinguishedGroupBy Restriction SortOrder ParentFolderIds! QueryString";

    private const string ItemShapeSequence =
        "BaseShape! IncludeMimeContent BodyType UniqueBodyType NormalizedBodyType FilterHtmlContent ConvertHtmlCodePageToUTF8 " +
        "InlineImageUrlTemplate BlockExternalImages AddBlankTargetToLinks MaximumBodySize AdditionalProperties";

    private static readonly string[] Views = ["IndexedPageItemView", "FractionalPageItemView", "SeekToConditionPageItemView", "CalendarView", "ContactsView"];

    public override string Name => "FindItem";

    protected override FindItemRequest Read(ReadContext r)
    {
        var c = r.Cursor;
        var request = new FindItemRequest
        {
            Traversal = r.EnumAttribute("Traversal", "ItemQueryTraversalType", required: true, "Shallow", "SoftDeleted", "Associated")!,
        };
        string? view = null, grouping = null;
        r.Children(ChildSequence.For("FindItem", M, M, Sequence), () =>
        {
            var name = c.LocalName;
            if ((Views.Contains(name, StringComparer.Ordinal) && (view ??= name) != name)
                || (name is "GroupBy" or "DistinguishedGroupBy" && (grouping ??= name) != name))
            {
                // The schema has a choice here; ChildSequence alone would accept two of them in order.
                throw c.Violation($"The element 'FindItem' in namespace '{M}' has invalid child element '{name}' in namespace '{M}'.");
            }

            switch (name)
            {
                case "ItemShape":
                    ReadItemShape(r, request);
                    break;
                case "IndexedPageItemView":
                    request.Page = new IndexedPage(
                        r.IntAttribute("MaxEntriesReturned", required: false),
                        r.IntAttribute("Offset", required: true)!.Value,
                        r.EnumAttribute("BasePoint", "IndexBasePointType", required: true, "Beginning", "End") == "End");
                    c.Skip();
                    break;
                case "Restriction":
                    (request.Restriction, request.UnsupportedRestriction) = RestrictionReader.Read(r);
                    break;
                case "SortOrder":
                    FieldPathReader.ReadSortOrder(r, request.SortOrder);
                    break;
                case "ParentFolderIds":
                    ReadParentFolders(r, request.ParentFolders);
                    break;
                default:
                    request.Unsupported ??= "m:" + name;
                    c.Skip();
                    break;
            }
        });
        return request;
    }

    protected override OperationResult Run(FindItemRequest request, OperationContext context)
    {
        var refusal = Refusal(request);
        var fields = FoundItemWriter.Fields(request.BaseShape, request.AdditionalProperties);
        var messages = new List<(ResponseOutcome, Action<XmlWriter>?)>();
        foreach (var parent in request.ParentFolders)
        {
            if (refusal is not null)
            {
                messages.Add((refusal, null));
                continue;
            }

            var (folder, error) = FolderResolver.Resolve(context.State, parent, "root", context.Caller, "ErrorFolderNotFound");
            if (error is not null)
            {
                messages.Add((error, null));
                continue;
            }

            var items = Query(request, context, folder!, parent.MailboxAddress ?? context.Caller?.Address);
            messages.Add((ResponseOutcome.Success, x => WriteRootFolder(x, request.Page, items, fields, context.State)));
        }

        return OperationResult.Write(context.Version, Name, messages);
    }

    private static void ReadItemShape(ReadContext r, FindItemRequest request)
    {
        var c = r.Cursor;
        r.Children(ChildSequence.For("ItemShape", M, T, ItemShapeSequence), () =>
        {
            switch (c.LocalName)
            {
                case "BaseShape":
                    request.BaseShape = r.EnumText("DefaultShapeNamesType", "IdOnly", "Default", "AllProperties", "PcxPeopleSearch");
                    break;
                case "AdditionalProperties":
                    FieldPathReader.ReadList(r, "AdditionalProperties", request.AdditionalProperties);
                    break;
                default:
                    c.Skip(); // body and MIME options: FindItem returns neither
                    break;
            }
        });
    }

    private static void ReadParentFolders(ReadContext r, List<FolderRef> target)
    {
        var c = r.Cursor;
        r.Children(null, () =>
        {
            if (c.NamespaceUri != T || c.LocalName is not ("FolderId" or "DistinguishedFolderId"))
            {
                throw c.Violation($"The element 'ParentFolderIds' in namespace '{M}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'. List of possible elements expected: 'FolderId, DistinguishedFolderId' in namespace '{T}'.");
            }

            target.Add(FolderIdReader.Read(r));
        });
        if (target.Count == 0)
        {
            throw c.Violation($"The element 'ParentFolderIds' in namespace '{M}' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId' in namespace '{T}'.");
        }
    }

    /// <summary>The error every response message carries when the request asks for something the server does not do.</summary>
    private static ResponseOutcome? Refusal(FindItemRequest request)
    {
        if (request.Unsupported is { } element)
        {
            return ResponseOutcome.Error("ErrorInvalidRequest", $"The fake EWS server does not emulate {element} in FindItem (it supports m:IndexedPageItemView, m:Restriction and m:SortOrder).");
        }

        if (request.UnsupportedRestriction is { } what)
        {
            return ResponseOutcome.Error("ErrorInvalidRestriction", $"The restriction can't be evaluated by the fake EWS server: {what}.");
        }

        if (request.SortOrder.Find(s => s.Path.Field is not { } f || !(ItemFields.IsText(f) || ItemFields.IsDate(f))) is { Path: { } path })
        {
            return ResponseOutcome.Error("ErrorUnsupportedPathForSortGroup", $"The fake EWS server can't sort on {path}; it sorts on {ItemFields.Supported}.");
        }

        return request.Page switch
        {
            { MaxEntries: <= 0 } => ResponseOutcome.Error("ErrorInvalidPagingMaxRows", "MaxEntriesReturned must be greater than zero."),
            { Offset: < 0 } => ResponseOutcome.Error("ErrorInvalidIndexedPagingParameters", "The Offset of the IndexedPageItemView must not be negative."),
            _ => null,
        };
    }

    /// <summary>The folder's visible items that match, sorted (newest first without a sort order).</summary>
    private static IReadOnlyList<FoundItem> Query(FindItemRequest request, OperationContext context, string folder, string? mailbox)
    {
        if (request.Traversal != "Shallow")
        {
            return []; // nothing is kept soft-deleted (SoftDelete removes), and no item is folder-associated
        }

        var condition = request.Restriction;
        var items = context.Store.Visible(folder, mailbox, i => condition?.Matches(i) ?? true);
        if (request.SortOrder.Count == 0)
        {
            return items.Reverse().ToArray();
        }

        var ordered = items.ToList();
        var keys = request.SortOrder.Select(s => (Field: s.Path.Field!, s.Descending)).ToArray();
        ordered.Sort((a, b) =>
        {
            foreach (var (field, descending) in keys)
            {
                var order = ItemFields.Compare(a, b, field);
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }

            return 0;
        });
        return ordered;
    }

    /// <summary><c>m:RootFolder</c> with the page of <paramref name="items"/> the view selects.</summary>
    private static void WriteRootFolder(XmlWriter x, IndexedPage? page, IReadOnlyList<FoundItem> items, HashSet<string> fields, ServerState state)
    {
        var total = items.Count;
        var offset = Math.Min(page?.Offset ?? 0, total);
        var take = Math.Min(page?.MaxEntries ?? int.MaxValue, total - offset);
        var start = page is { FromEnd: true } ? total - offset - take : offset;
        x.WriteStartElement("m", "RootFolder", M);
        if (page is not null)
        {
            x.WriteAttributeString("IndexedPagingOffset", (offset + take).ToString(CultureInfo.InvariantCulture));
        }

        x.WriteAttributeString("TotalItemsInView", total.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("IncludesLastItemInRange", offset + take >= total ? "true" : "false");
        x.WriteStartElement("t", "Items", T);
        for (var i = start; i < start + take; i++)
        {
            FoundItemWriter.Write(x, items[i], fields, state.FindUserByAddress);
        }

        x.WriteEndElement();
        x.WriteEndElement();
    }
}
