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

    public FakeEwsSentMessage Snapshot() => new(Data, Id, ChangeKey, Disposition, Folder, RequestServerVersion, Owner);
}
