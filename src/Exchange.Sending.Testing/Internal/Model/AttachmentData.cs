namespace Exchange.Sending.Testing.Internal;

/// <summary>An attachment as received (its content kept up to the storage limit, always hashed).</summary>
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
