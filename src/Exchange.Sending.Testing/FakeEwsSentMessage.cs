using System.Text;
using Exchange.Sending.Testing.Internal;
using MimeKit;

namespace Exchange.Sending.Testing;

/// <summary>A message the server received (sent, or stored as a draft / saved copy), with every field of the <c>t:Message</c>.</summary>
public sealed class FakeEwsSentMessage
{
    private readonly byte[]? _mime;

    internal FakeEwsSentMessage(MessageData data, string? itemId, string? changeKey, string disposition, string? folder, string? requestServerVersion, string? authenticatedUser,
        DateTimeOffset? sentAt = null, DateTimeOffset? created = null)
    {
        ItemId = itemId;
        ChangeKey = changeKey;
        MessageDisposition = disposition;
        SavedItemFolder = folder;
        RequestServerVersion = requestServerVersion ?? "";
        AuthenticatedUser = authenticatedUser;
        Subject = data.Subject;
        Body = data.Body;
        BodyType = data.BodyType;
        Importance = data.Importance;
        Sensitivity = data.Sensitivity;
        IsReadReceiptRequested = data.IsReadReceiptRequested;
        IsDeliveryReceiptRequested = data.IsDeliveryReceiptRequested;
        Categories = data.Categories.ToArray();
        From = data.From;
        Sender = data.Sender;
        ToRecipients = data.ToRecipients.ToArray();
        CcRecipients = data.CcRecipients.ToArray();
        BccRecipients = data.BccRecipients.ToArray();
        ReplyTo = data.ReplyTo.ToArray();
        InternetMessageId = data.InternetMessageId;
        InReplyTo = data.InReplyTo;
        References = data.References;
        ItemClass = data.ItemClass;
        ExtendedProperties = data.ExtendedProperties.ToArray();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in data.ExtendedProperties)
        {
            if (string.Equals(p.DistinguishedPropertySetId, "InternetHeaders", StringComparison.Ordinal) && p.PropertyName is { } name)
            {
                headers[name] = p.Value ?? "";
            }
        }

        InternetHeaders = headers;
        Attachments = data.Attachments.Select(a => a.ToPublic()).ToArray();
        _mime = data.MimeContent;
        HasMimeContent = data.HasMimeContent;
        MimeContentLength = data.MimeContentLength;
        MimeContentSha256Hex = data.MimeContentSha256Hex;
        MimeHadBccHeader = data.MimeHadBccHeader;
        MimeHeaders = data.MimeHeaders.ToArray();
        DateTimeSent = data.DateTimeSent ?? sentAt;
        DateTimeCreated = created;
    }

    /// <summary>The <c>t:ItemId/@Id</c> the server assigned, or null for a message that was only sent.</summary>
    public string? ItemId { get; }

    /// <summary>The current <c>ChangeKey</c>, or null.</summary>
    public string? ChangeKey { get; }

    /// <summary><c>SendOnly</c>, <c>SendAndSaveCopy</c>, <c>SaveOnly</c>, or <c>SendItem</c> for a draft sent with SendItem.</summary>
    public string MessageDisposition { get; }

    /// <summary>Distinguished name (e.g. <c>sentitems</c>, <c>drafts</c>) of the folder a copy was saved in, or null.</summary>
    public string? SavedItemFolder { get; }

    /// <summary>The <c>RequestServerVersion</c> of the request that created the message (empty when the header was absent).</summary>
    public string RequestServerVersion { get; }

    /// <summary>Address of the authenticated caller, or null.</summary>
    public string? AuthenticatedUser { get; }

    /// <summary><c>t:Subject</c>.</summary>
    public string? Subject { get; }

    /// <summary><c>t:Body</c> text.</summary>
    public string? Body { get; }

    /// <summary><c>HTML</c> or <c>Text</c>.</summary>
    public string? BodyType { get; }

    /// <summary><c>Low</c>, <c>Normal</c> or <c>High</c>.</summary>
    public string? Importance { get; }

    /// <summary><c>Normal</c>, <c>Personal</c>, <c>Private</c> or <c>Confidential</c>.</summary>
    public string? Sensitivity { get; }

    /// <summary><c>t:IsReadReceiptRequested</c>.</summary>
    public bool? IsReadReceiptRequested { get; }

    /// <summary><c>t:IsDeliveryReceiptRequested</c>.</summary>
    public bool? IsDeliveryReceiptRequested { get; }

    /// <summary><c>t:Categories</c>.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary><c>t:From</c>.</summary>
    public FakeEwsMailbox? From { get; }

    /// <summary><c>t:Sender</c> (normally left to the server).</summary>
    public FakeEwsMailbox? Sender { get; }

    /// <summary><c>t:ToRecipients</c>.</summary>
    public IReadOnlyList<FakeEwsMailbox> ToRecipients { get; }

    /// <summary><c>t:CcRecipients</c>.</summary>
    public IReadOnlyList<FakeEwsMailbox> CcRecipients { get; }

    /// <summary><c>t:BccRecipients</c>.</summary>
    public IReadOnlyList<FakeEwsMailbox> BccRecipients { get; }

    /// <summary><c>t:ReplyTo</c>.</summary>
    public IReadOnlyList<FakeEwsMailbox> ReplyTo { get; }

    /// <summary><c>t:InternetMessageId</c>.</summary>
    public string? InternetMessageId { get; }

    /// <summary><c>t:InReplyTo</c>.</summary>
    public string? InReplyTo { get; }

    /// <summary><c>t:References</c>.</summary>
    public string? References { get; }

    /// <summary><c>t:ItemClass</c>.</summary>
    public string? ItemClass { get; }

    /// <summary>Every <c>t:ExtendedProperty</c>, in order.</summary>
    public IReadOnlyList<FakeEwsExtendedProperty> ExtendedProperties { get; }

    /// <summary>Custom headers sent as extended properties in the <c>InternetHeaders</c> property set (case-insensitive keys).</summary>
    public IReadOnlyDictionary<string, string> InternetHeaders { get; }

    /// <summary>File attachments (inline ones have <see cref="FakeEwsAttachment.IsInline"/> and usually a content id).</summary>
    public IReadOnlyList<FakeEwsAttachment> Attachments { get; }

    /// <summary>True when the message arrived as <c>t:MimeContent</c> (whether or not its bytes were kept, see <see cref="GetMimeContent"/>).</summary>
    public bool HasMimeContent { get; }

    /// <summary>Decoded length in bytes of the received <c>t:MimeContent</c>, or null when the message arrived as typed properties.</summary>
    public long? MimeContentLength { get; }

    /// <summary>Lower-case hex SHA-256 of the decoded <c>t:MimeContent</c> (always computed, even when the bytes were not kept), or null.</summary>
    public string? MimeContentSha256Hex { get; }

    /// <summary>
    /// True when the received MIME had a top-level <c>Bcc:</c> header. A client that sends Bcc recipients as typed
    /// <c>t:BccRecipients</c> beside <c>t:MimeContent</c> should leave it false (the recipients are then still in
    /// <see cref="BccRecipients"/>). False for typed messages.
    /// </summary>
    public bool MimeHadBccHeader { get; }

    /// <summary>
    /// The top-level header fields of the received MIME, in order, as (field name, decoded unfolded value); kept even when the
    /// MIME bytes were not. Empty for typed messages.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> MimeHeaders { get; }

    /// <summary>
    /// <c>t:DateTimeSent</c> as FindItem reports it: the MIME <c>Date:</c> of a message that arrived as
    /// <c>t:MimeContent</c> with one; otherwise when the server sent the message (UTC, whole seconds, on
    /// <see cref="FakeEwsServerOptions.TimeProvider"/>); null for a draft that was never sent.
    /// </summary>
    public DateTimeOffset? DateTimeSent { get; }

    /// <summary>
    /// <c>t:DateTimeCreated</c>: when the server stored the item (a draft, or a saved copy; for a draft sent with SendItem,
    /// when the draft was created), UTC, whole seconds, on <see cref="FakeEwsServerOptions.TimeProvider"/>. Null for
    /// entries of <see cref="FakeEwsServer.SentMessages"/> sent by CreateItem (the sent message itself is not a stored item).
    /// </summary>
    public DateTimeOffset? DateTimeCreated { get; }

    /// <summary>
    /// A copy of the received <c>t:MimeContent</c> bytes (decoded from base64), or null for a typed message or when the
    /// MIME was larger than <see cref="FakeEwsServerOptions.MaxStoredAttachmentBytes"/> (only its length, hash and
    /// headers are kept then).
    /// </summary>
    /// <returns>The bytes, or null.</returns>
    public byte[]? GetMimeContent() => _mime?.ToArray();

    /// <summary>
    /// The message as MIME: the original MIME when it arrived as <c>t:MimeContent</c> and was kept (see
    /// <see cref="GetMimeContent"/>), otherwise built from the fields (then with a <c>Bcc:</c> header when there are Bcc
    /// recipients; use <see cref="MimeHadBccHeader"/> to check what a client sent).
    /// Attachments whose content was not kept (too large) appear empty with a <c>Content-Description</c> saying so.
    /// </summary>
    /// <returns>A new <see cref="MimeMessage"/>.</returns>
    public MimeMessage ToMimeMessage() => _mime is not null ? MimeMessage.Load(new MemoryStream(_mime, writable: false)) : MimeBuilder.Build(this);

    /// <summary>Writes <see cref="ToMimeMessage"/> as an .eml to <paramref name="destination"/>.</summary>
    /// <param name="destination">A writable stream.</param>
    public void WriteEml(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ToMimeMessage().WriteTo(destination);
    }

    /// <summary>A one-line summary: subject, sender, recipients by kind, attachments, disposition.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append('"').Append(Subject ?? "(no subject)").Append('"');
        sb.Append(" from ").Append(From?.ToString() ?? AuthenticatedUser ?? "(server default)");
        Append(sb, "to", ToRecipients);
        Append(sb, "cc", CcRecipients);
        Append(sb, "bcc", BccRecipients);
        if (Attachments.Count > 0)
        {
            sb.Append(", ").Append(Attachments.Count).Append(" attachment(s): ")
              .Append(string.Join(", ", Attachments.Select(a => $"{a.Name} ({a.Length:N0} B{(a.IsInline ? ", inline" : "")})")));
        }

        sb.Append(" [").Append(MessageDisposition);
        if (SavedItemFolder is not null)
        {
            sb.Append(" → ").Append(SavedItemFolder);
        }

        return sb.Append(']').ToString();
    }

    private static void Append(StringBuilder sb, string label, IReadOnlyList<FakeEwsMailbox> list)
    {
        if (list.Count > 0)
        {
            sb.Append(", ").Append(label).Append(' ').Append(string.Join("; ", list));
        }
    }
}
