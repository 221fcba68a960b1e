namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// A stored item as FindItem sees it, taken under the store's lock: the id and change key of that moment, its folder,
/// its fields and its times (UTC, whole seconds).
/// </summary>
internal sealed record FoundItem(
    string Id,
    string ChangeKey,
    string Folder,
    MessageData Data,
    DateTimeOffset Created,
    DateTimeOffset? DateTimeSent,
    bool IsDraft,
    string? Owner);
