namespace Exchange.Sending.Testing.Internal;

/// <summary>What the reader found in the SOAP envelope.</summary>
internal sealed class EwsEnvelope
{
    public string? RequestServerVersion { get; set; }

    public List<string> HeaderElements { get; } = [];

    public string? Operation { get; set; }

    public string? OperationNamespace { get; set; }

    public object? Body { get; set; }
}

internal sealed record FolderRef(string? DistinguishedId, string? FolderId, string? MailboxAddress);

internal sealed record ItemRef(string Element, string Id, string? ChangeKey);

internal sealed class CreateItemRequest
{
    public string? MessageDisposition { get; set; }

    public FolderRef? SavedItemFolder { get; set; }

    public List<ParsedItem> Items { get; } = [];
}

/// <summary>One child of m:Items; <see cref="Message"/> is null for item types the server does not emulate.</summary>
internal sealed record ParsedItem(string Element, MessageData? Message);

internal sealed class CreateAttachmentRequest
{
    public ItemRef? Parent { get; set; }

    public List<AttachmentData> Attachments { get; } = [];
}

internal sealed class SendItemRequest
{
    public bool SaveItemToFolder { get; set; }

    public FolderRef? SavedItemFolder { get; set; }

    public List<ItemRef> ItemIds { get; } = [];
}

internal sealed class DeleteItemRequest
{
    public string DeleteType { get; set; } = "";

    public List<ItemRef> ItemIds { get; } = [];
}

internal sealed class GetFolderRequest
{
    public string BaseShape { get; set; } = "Default";

    public List<FolderRef> FolderIds { get; } = [];
}

internal sealed class ResolveNamesRequest
{
    public string Entry { get; set; } = "";

    public bool ReturnFullContactData { get; set; }
}

internal sealed class AttachmentData
{
    public string Kind { get; set; } = "FileAttachment";

    public string Name { get; set; } = "";

    public string? ContentType { get; set; }

    public string? ContentId { get; set; }

    public bool IsInline { get; set; }

    public long Length { get; set; }

    public byte[]? Content { get; set; }

    public string Sha256Hex { get; set; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([]));

    public string? AttachmentId { get; set; }

    public FakeEwsAttachment ToPublic() => new(Name, ContentType, ContentId, IsInline, Length, Content, Sha256Hex);
}

/// <summary>Every field of a t:Message the server reads (mutable while a draft is built up).</summary>
internal sealed class MessageData
{
    public string? ItemClass { get; set; }

    public string? Subject { get; set; }

    public string? Sensitivity { get; set; }

    public string? Body { get; set; }

    public string? BodyType { get; set; }

    public List<AttachmentData> Attachments { get; } = [];

    public List<string> Categories { get; } = [];

    public string? Importance { get; set; }

    public string? InReplyTo { get; set; }

    public List<FakeEwsExtendedProperty> ExtendedProperties { get; } = [];

    public FakeEwsMailbox? Sender { get; set; }

    public List<FakeEwsMailbox> ToRecipients { get; } = [];

    public List<FakeEwsMailbox> CcRecipients { get; } = [];

    public List<FakeEwsMailbox> BccRecipients { get; } = [];

    public bool? IsReadReceiptRequested { get; set; }

    public bool? IsDeliveryReceiptRequested { get; set; }

    public FakeEwsMailbox? From { get; set; }

    public string? InternetMessageId { get; set; }

    public bool? IsRead { get; set; }

    public string? References { get; set; }

    public List<FakeEwsMailbox> ReplyTo { get; } = [];

    /// <summary>The raw MIME when it arrived as t:MimeContent and was not larger than the storage limit; otherwise null.</summary>
    public byte[]? MimeContent { get; set; }

    public bool HasMimeContent { get; set; }

    public long? MimeContentLength { get; set; }

    public string? MimeContentSha256Hex { get; set; }

    public bool MimeHadBccHeader { get; set; }

    public List<KeyValuePair<string, string>> MimeHeaders { get; } = [];

    public DateTimeOffset? DateTimeSent { get; set; }

    public string? MimeCharacterSet { get; set; }

    /// <summary>Set when the message could not be accepted as written (e.g. invalid MIME); answered per item.</summary>
    public (string Code, string Text)? ItemError { get; set; }

    /// <summary>Adds a recipient unless the list already has that address (MIME and typed lists merge, as Exchange's recipient table).</summary>
    public static void AddRecipient(List<FakeEwsMailbox> target, FakeEwsMailbox mailbox)
    {
        if (!target.Exists(m => string.Equals(m.Address, mailbox.Address, StringComparison.OrdinalIgnoreCase)))
        {
            target.Add(mailbox);
        }
    }

    public bool HasRecipients => ToRecipients.Count + CcRecipients.Count + BccRecipients.Count > 0;

    public IEnumerable<FakeEwsMailbox> AllRecipients => ToRecipients.Concat(CcRecipients).Concat(BccRecipients);
}
