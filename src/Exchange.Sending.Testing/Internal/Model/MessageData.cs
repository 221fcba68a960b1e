namespace Exchange.Sending.Testing.Internal;

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
