using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// An attachment part whose content (<see cref="AttachmentMimeContent"/>) is already base64 in CRLF lines, written straight
/// after the part's headers. <see cref="MimePart"/> would pass it through a new-line filter that scans every byte and sizes
/// its buffer at about twice the largest write (a fixed ~156 KB on the large-object heap per send with an attachment).
/// </summary>
internal sealed class StreamedMimePart(ContentType contentType, AttachmentMimeContent content) : MimePart(contentType)
{
    public AttachmentMimeContent Streamed { get; } = content;

    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (!contentOnly)
        {
            Headers.WriteTo(options, stream, cancellationToken);
        }

        Streamed.WriteTo(stream, cancellationToken);
    }

    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        if (!contentOnly)
        {
            await Headers.WriteToAsync(options, stream, cancellationToken).ConfigureAwait(false);
        }

        await Streamed.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
    }
}
