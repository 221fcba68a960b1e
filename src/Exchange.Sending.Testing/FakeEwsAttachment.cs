namespace Exchange.Sending.Testing;

/// <summary>A file attachment the server received.</summary>
/// <param name="Name">The <c>t:Name</c>.</param>
/// <param name="ContentType">The <c>t:ContentType</c>, if sent.</param>
/// <param name="ContentId">The <c>t:ContentId</c> (for inline parts referenced as <c>cid:</c>), if sent.</param>
/// <param name="IsInline">The <c>t:IsInline</c> value (false when absent).</param>
/// <param name="Length">Decoded length in bytes.</param>
/// <param name="Content">The decoded bytes, or null when the attachment exceeded <see cref="FakeEwsServerOptions.MaxStoredAttachmentBytes"/> (only length and hash are kept then).</param>
/// <param name="Sha256Hex">Lower-case hex SHA-256 of the decoded bytes, computed while streaming.</param>
public sealed record FakeEwsAttachment(string Name, string? ContentType, string? ContentId, bool IsInline, long Length, byte[]? Content, string Sha256Hex);
