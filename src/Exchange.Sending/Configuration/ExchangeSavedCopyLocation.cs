namespace Exchange.Sending;

/// <summary>Where the copy of a sent message is saved (<c>CreateItem</c>'s <c>SavedItemFolderId</c>, with
/// <c>MessageDisposition="SendAndSaveCopy"</c>).</summary>
public enum ExchangeSavedCopyLocation
{
    /// <summary>The Sent Items of the mailbox the request acts as: the account's, or the impersonated user's
    /// (<c>DistinguishedFolderId Id="sentitems"</c> without <c>t:Mailbox</c>). The default.</summary>
    AccountSentItems = 0,

    /// <summary>The Sent Items of the message's From mailbox (<c>DistinguishedFolderId Id="sentitems"</c> with
    /// <c>t:Mailbox</c>): a shared mailbox keeps its own copies. The account needs access to that folder (Full Access on the
    /// mailbox, or folder permission to create items in its Sent Items), or the server answers <c>ErrorAccessDenied</c>.</summary>
    SenderSentItems = 1,

    /// <summary>A given folder: a distinguished folder name (<c>inbox</c>, <c>drafts</c>, …) of the mailbox the request acts as,
    /// or an EWS <c>FolderId</c> (any mailbox the account may create items in).</summary>
    Folder = 2,
}
