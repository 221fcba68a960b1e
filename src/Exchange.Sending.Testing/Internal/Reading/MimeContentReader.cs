namespace Exchange.Sending.Testing.Internal;

/// <summary>Reads <c>t:MimeContent</c>: decodes the base64 into a <see cref="MimeSpool"/> and imports the MIME at once.</summary>
internal static class MimeContentReader
{
    public static void Read(ReadContext r, MessageData message)
    {
        var c = r.Cursor;
        message.MimeCharacterSet = c.Attribute("CharacterSet");
        // Decoded straight into memory up to the storage limit, beyond it into a temporary file: never the whole
        // base64 text, never a growing buffer plus a copy of it.
        using var spool = new MimeSpool(r.MaxStoredAttachmentBytes);
        try
        {
            c.ReadBase64(chunk => spool.Write(chunk));
        }
        catch (EwsViolationException)
        {
            // MimeContent is xs:string in the schema: bad base64 is the server's complaint, not the validator's.
            // The reader cannot continue after a decoding error, so the item fails and the rest is not read.
            throw new EwsRequestFaultException("ErrorMimeContentInvalidBase64String", "The MIME content is not a valid Base64 string.");
        }

        message.HasMimeContent = true;
        message.MimeContentLength = spool.Length;
        message.MimeContentSha256Hex = spool.Sha256Hex;
        using (var mime = spool.OpenRead())
        {
            // Imported now, before the typed elements after t:MimeContent, which then take effect on top (as Exchange).
            message.ItemError ??= MimeImporter.Apply(message, mime, r.MaxStoredAttachmentBytes);
        }

        message.MimeContent = spool.Bytes; // null when larger than the limit (it lived in the temporary file)
    }
}
