namespace Exchange.Sending.Testing.Internal;

/// <summary>Turns a folder a request names into a store folder (CreateItem and SendItem save targets, GetFolder).</summary>
internal static class FolderResolver
{
    /// <summary>
    /// The folder, <paramref name="fallback"/> when none is named, or the error: a mailbox nobody has (when users are
    /// configured) or a <c>FolderId</c> the server never returned (<paramref name="notFoundCode"/>).
    /// </summary>
    public static (string? Folder, ResponseOutcome? Error) Resolve(
        ServerState state, FolderRef? reference, string fallback, FakeEwsUser? caller, string notFoundCode)
    {
        if (reference is null)
        {
            return (fallback, null);
        }

        if (reference.MailboxAddress is { } mailbox && state.FindUserByAddress(mailbox) is null
            && !string.Equals(mailbox, caller?.Address, StringComparison.OrdinalIgnoreCase) && state.Users.Count > 0)
        {
            return (null, ResponseOutcome.Error("ErrorNonExistentMailbox", ResponseTexts.Default("ErrorNonExistentMailbox")));
        }

        if (reference.MailboxAddress is { } other && !state.MayAccessMailbox(caller?.Address, other) && notFoundCode == "ErrorSavedItemFolderNotFound")
        {
            // Saving into another mailbox's folder needs access to it (Full Access, or folder permission).
            return (null, ResponseOutcome.Error("ErrorAccessDenied", $"Access is denied. Check credentials and try again. The account has no access to the folders of mailbox '{other}'."));
        }

        if (reference.DistinguishedId is { } distinguished)
        {
            return (distinguished, null);
        }

        return MailStore.FolderFromId(reference.FolderId!) is { } folder
            ? (folder, null)
            : (null, ResponseOutcome.Error(notFoundCode, notFoundCode == "ErrorFolderNotFound"
                ? ResponseTexts.Default(notFoundCode)
                : "The folder to save the item in could not be found."));
    }
}
