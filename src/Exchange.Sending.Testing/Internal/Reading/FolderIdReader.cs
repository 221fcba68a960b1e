namespace Exchange.Sending.Testing.Internal;

/// <summary>Reads folder references: <c>m:SavedItemFolderId</c>, <c>t:FolderId</c> and <c>t:DistinguishedFolderId</c>.</summary>
internal static class FolderIdReader
{
    private const string M = EwsNames.Messages;
    private const string T = EwsNames.Types;

    /// <summary>Reads <c>m:SavedItemFolderId</c> (exactly one folder id).</summary>
    public static FolderRef ReadTarget(ReadContext r)
    {
        var c = r.Cursor;
        FolderRef? folder = null;
        r.Children(null, () =>
        {
            if (folder is not null || c.NamespaceUri != T || c.LocalName is not ("FolderId" or "DistinguishedFolderId" or "AddressListId"))
            {
                throw c.Violation(
                    $"The element 'SavedItemFolderId' in namespace '{M}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'.");
            }

            folder = Read(r);
        });
        return folder ?? throw c.Violation(
            $"The element 'SavedItemFolderId' in namespace '{M}' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId, AddressListId' in namespace '{T}'.");
    }

    /// <summary>Reads the folder id element the cursor is on.</summary>
    public static FolderRef Read(ReadContext r)
    {
        var c = r.Cursor;
        var local = c.LocalName;
        var id = r.RequiredAttribute("Id");
        string? mailbox = null;
        if (local == "DistinguishedFolderId")
        {
            r.Children(ChildSequence.For("DistinguishedFolderId", T, T, "Mailbox"), () => mailbox = MailboxReader.Read(r).Address);
            return new FolderRef(id, null, mailbox);
        }

        c.Skip();
        return new FolderRef(null, id, null);
    }
}
