namespace Exchange.Sending.Testing.Internal;

/// <summary>A folder a request names: a distinguished id (possibly in another mailbox) or a returned <c>FolderId</c>.</summary>
internal sealed record FolderRef(string? DistinguishedId, string? FolderId, string? MailboxAddress);

/// <summary>An item id a request names, with the element it came in (<c>ItemId</c>, <c>OccurrenceItemId</c>, …).</summary>
internal sealed record ItemRef(string Element, string Id, string? ChangeKey);
