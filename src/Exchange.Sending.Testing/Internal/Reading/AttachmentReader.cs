using System.Security.Cryptography;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Reads <c>t:FileAttachment</c>, <c>t:ItemAttachment</c> and <c>t:ReferenceAttachment</c> lists. File content is hashed
/// while it is decoded and kept only up to the storage limit.
/// </summary>
internal static class AttachmentReader
{
    private const string T = EwsNames.Types;

    private const string FileAttachmentSequence =
        "AttachmentId Name ContentType ContentId ContentLocation AttachmentOriginalUrl Size LastModifiedTime IsInline IsContactPhoto Content";

    private const string OtherAttachmentSequence =
        "AttachmentId Name ContentType ContentId ContentLocation AttachmentOriginalUrl Size LastModifiedTime IsInline " +
        "Item Message CalendarItem Contact MeetingMessage MeetingRequest MeetingResponse MeetingCancellation Task PostItem " +
        "AttachLongPathName ProviderType ProviderEndpointUrl AttachmentThumbnailUrl AttachmentPreviewUrl PermissionType OriginalPermissionType AttachmentIsFolder";

    /// <summary>Reads the attachments in <paramref name="parent"/> (<c>t:Attachments</c> of a message or <c>m:Attachments</c> of CreateAttachment).</summary>
    public static void ReadList(ReadContext r, List<AttachmentData> target, string parent, string parentNs)
    {
        var c = r.Cursor;
        r.Children(null, () =>
        {
            if (c.NamespaceUri != T || c.LocalName is not ("FileAttachment" or "ItemAttachment" or "ReferenceAttachment"))
            {
                throw c.Violation(
                    $"The element '{parent}' in namespace '{parentNs}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'. List of possible elements expected: 'ItemAttachment, FileAttachment, ReferenceAttachment' in namespace '{T}'.");
            }

            target.Add(Read(r, c.LocalName));
        });
    }

    private static AttachmentData Read(ReadContext r, string kind)
    {
        var c = r.Cursor;
        var attachment = new AttachmentData { Kind = kind };
        var sequence = kind == "FileAttachment" ? FileAttachmentSequence : OtherAttachmentSequence;
        r.Children(ChildSequence.For(kind, T, T, sequence), () =>
        {
            switch (c.LocalName)
            {
                case "Name":
                    attachment.Name = c.ReadText();
                    break;
                case "ContentType":
                    attachment.ContentType = c.ReadText();
                    break;
                case "ContentId":
                    attachment.ContentId = c.ReadText();
                    break;
                case "IsInline":
                    attachment.IsInline = r.BooleanText() ?? false;
                    break;
                case "Content" when kind == "FileAttachment":
                    ReadContent(r, attachment);
                    break;
                default:
                    c.Skip();
                    break;
            }
        });
        return attachment;
    }

    private static void ReadContent(ReadContext r, AttachmentData attachment)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Chunks instead of a growing MemoryStream: no doubling copies, and dropped as soon as the limit is passed.
        List<byte[]>? kept = [];
        long length = 0;
        r.Cursor.ReadBase64(chunk =>
        {
            hash.AppendData(chunk);
            length += chunk.Length;
            if (kept is not null)
            {
                if (r.MaxStoredAttachmentBytes is { } max && length > max)
                {
                    kept = null;
                }
                else
                {
                    kept.Add(chunk.ToArray());
                }
            }
        });
        attachment.Length = length;
        attachment.Content = kept is null ? null : Concat(kept, length);
        attachment.Sha256Hex = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] Concat(List<byte[]> chunks, long length)
    {
        var result = new byte[length];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }
}
