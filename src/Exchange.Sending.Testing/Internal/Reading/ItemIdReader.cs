namespace Exchange.Sending.Testing.Internal;

/// <summary>Reads <c>m:ItemIds</c> (SendItem, DeleteItem): <c>t:ItemId</c> and the recurrence ids the server refuses later.</summary>
internal static class ItemIdReader
{
    private const string M = EwsNames.Messages;
    private const string T = EwsNames.Types;

    public static void ReadList(ReadContext r, List<ItemRef> target)
    {
        var c = r.Cursor;
        r.Children(null, () =>
        {
            if (c.NamespaceUri != T)
            {
                throw c.Violation($"The element 'ItemIds' in namespace '{M}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'.");
            }

            var element = c.LocalName;
            var id = element is "ItemId" or "RecurringMasterItemId" or "OccurrenceItemId" ? c.Attribute("Id") ?? c.Attribute("RecurringMasterId") ?? "" : "";
            if (element == "ItemId")
            {
                id = r.RequiredAttribute("Id");
            }

            target.Add(new ItemRef(element, id, c.Attribute("ChangeKey")));
            c.Skip();
        });
        if (target.Count == 0)
        {
            throw c.Violation($"The element 'ItemIds' in namespace '{M}' has incomplete content. List of possible elements expected: 'ItemId, OccurrenceItemId, RecurringMasterItemId' in namespace '{T}'.");
        }
    }
}
