using System.Diagnostics.CodeAnalysis;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>
/// A folder a request names (<c>SavedItemFolderId</c>, <c>ParentFolderIds</c>): a <c>t:DistinguishedFolderId</c>, with a
/// <c>t:Mailbox</c> when it is another mailbox's (delegate access), or a <c>t:FolderId</c>.
/// </summary>
/// <param name="DistinguishedId">A distinguished folder name such as <c>sentitems</c>; null with <paramref name="FolderId"/>.</param>
/// <param name="FolderId">An EWS FolderId; null with <paramref name="DistinguishedId"/>.</param>
/// <param name="MailboxAddress">Whose distinguished folder; null for the mailbox the request acts as.</param>
internal sealed record EwsFolderTarget(string? DistinguishedId, string? FolderId = null, string? MailboxAddress = null)
{
    public static readonly EwsFolderTarget SentItems = new("sentitems");

    public static readonly EwsFolderTarget Drafts = new("drafts");

    /// <summary>A distinguished folder of the mailbox the request acts as.</summary>
    [return: NotNullIfNotNull(nameof(distinguishedId))]
    public static implicit operator EwsFolderTarget?(string? distinguishedId) => distinguishedId is null ? null : new EwsFolderTarget(distinguishedId);

    /// <summary>Where a copy goes for a message from <paramref name="from"/>.</summary>
    public static EwsFolderTarget For(ExchangeSavedCopyFolder folder, string from) => folder.Location switch
    {
        ExchangeSavedCopyLocation.SenderSentItems => new("sentitems", null, from),
        ExchangeSavedCopyLocation.Folder => new(folder.DistinguishedFolderName, folder.FolderId),
        _ => SentItems,
    };

    /// <summary>How logs and messages name it: <c>sentitems</c>, <c>sentitems of shared@example.com</c>, <c>FolderId AAMk…</c>.</summary>
    public override string ToString() => FolderId is { } id ? "FolderId " + ValidationRules.Abbreviate(id)
        : MailboxAddress is { } mailbox ? $"{DistinguishedId} of {mailbox}" : DistinguishedId ?? "";

    public void Write(XmlWriter w, string element, string ns)
    {
        w.WriteStartElement(ns == EwsNames.Messages ? "m" : "t", element, ns);
        if (FolderId is { } id)
        {
            w.WriteStartElement("t", "FolderId", EwsNames.Types);
            w.WriteAttributeString("Id", id);
            w.WriteEndElement();
        }
        else
        {
            w.WriteStartElement("t", "DistinguishedFolderId", EwsNames.Types);
            w.WriteAttributeString("Id", DistinguishedId);
            if (MailboxAddress is { } mailbox)
            {
                w.WriteStartElement("t", "Mailbox", EwsNames.Types);
                w.WriteElementString("t", "EmailAddress", EwsNames.Types, mailbox);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }
}
