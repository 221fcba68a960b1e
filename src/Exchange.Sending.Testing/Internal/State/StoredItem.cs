namespace Exchange.Sending.Testing.Internal;

/// <summary>An item held by the fake mailbox (a draft, a saved copy, a deleted item).</summary>
internal sealed class StoredItem
{
    public required string Id { get; init; }

    public required string ChangeKey { get; set; }

    public required string Folder { get; set; }

    public required MessageData Data { get; init; }

    public required string Disposition { get; init; }

    public string? RequestServerVersion { get; init; }

    public string? Owner { get; init; }

    /// <summary>Whose folder holds the item: the saved-item folder's <c>t:Mailbox</c>, else the caller (null: nobody's in particular).</summary>
    public string? Mailbox { get; init; }

    /// <summary>When the server stored the item (UTC, whole seconds).</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>When the message was sent (UTC, whole seconds); null for a draft that was never sent.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>From when FindItem sees the item (<see cref="FakeEwsServerOptions.SentItemsFilingDelay"/> for saved copies).</summary>
    public DateTimeOffset VisibleFrom { get; init; }

    /// <summary>True for an item saved with <c>SaveOnly</c> and not sent since.</summary>
    public bool IsDraft => SentAt is null;

    /// <summary><c>t:DateTimeSent</c>: the MIME <c>Date:</c> when there was one, else when the server sent the message.</summary>
    public DateTimeOffset? DateTimeSent => Data.DateTimeSent ?? SentAt;

    public FakeEwsSentMessage Snapshot() => new(Data, Id, ChangeKey, Disposition, Folder, RequestServerVersion, Owner, SentAt, Created);
}
