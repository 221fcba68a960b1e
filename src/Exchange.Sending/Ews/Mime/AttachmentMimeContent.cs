using System.Buffers;
using System.Buffers.Text;
using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// The content of one attachment's MIME part, streamed from the attachment's source and base64-encoded in lines of 76
/// characters + CRLF as it is written (<see cref="StreamedMimePart"/> writes it after the part's headers as it is). Nothing
/// holds the attachment.
/// While a <see cref="MimeMeasure"/> is attached, writing produces nothing and counts what it would have written, so the MIME's
/// length is known without reading the attachment: base64 line layout depends on the byte count alone.
/// </summary>
internal sealed class AttachmentMimeContent(ExchangeAttachment attachment) : IMimeContent
{
    private const int LineBytes = 57;          // 57 bytes encode to one 76-character line
    private const int LinesPerChunk = 1024;
    private const int ChunkBytes = LineBytes * LinesPerChunk;

    public ExchangeAttachment Attachment { get; } = attachment;

    /// <summary>Set while the MIME is being measured.</summary>
    public MimeMeasure? Measure { get; set; }

    public ContentEncoding Encoding => ContentEncoding.Base64;

    public NewLineFormat? NewLineFormat => MimeKit.NewLineFormat.Dos;

    public Stream? Stream => null;

    /// <summary>Encoded length of <paramref name="bytes"/> bytes: full lines of 76 + CRLF, then the last partial line + CRLF.</summary>
    public static long EncodedLength(long bytes)
    {
        var full = bytes / LineBytes;
        var rest = bytes % LineBytes;
        return full * (76 + 2) + (rest == 0 ? 0 : (rest + 2) / 3 * 4 + 2);
    }

    public Stream Open() => Attachment.OpenRead();

    public void DecodeTo(Stream stream, CancellationToken cancellationToken = default) =>
        DecodeToAsync(stream, cancellationToken).GetAwaiter().GetResult();

    public async Task DecodeToAsync(Stream stream, CancellationToken cancellationToken = default) =>
        await AttachmentReader.CopyAsync(Attachment, new byte[ChunkBytes], ChunkBytes,
            (chunk, token) => stream.WriteAsync(chunk, token), cancellationToken).ConfigureAwait(false);

    public void WriteTo(Stream stream, CancellationToken cancellationToken = default) =>
        WriteToAsync(stream, cancellationToken).GetAwaiter().GetResult();

    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var length = Attachment.Length ?? 0;
        if (Measure is { } measure)
        {
            var encoded = EncodedLength(length);
            if (encoded > 0)
            {
                measure.Skipped += encoded;
            }

            return;
        }

        var source = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var lines = ArrayPool<byte>.Shared.Rent(LinesPerChunk * (76 + 2));
        try
        {
            await AttachmentReader.CopyAsync(Attachment, source, ChunkBytes, async (chunk, token) =>
            {
                var written = EncodeLines(chunk.Span, lines);
                await stream.WriteAsync(lines.AsMemory(0, written), token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(source);
            ArrayPool<byte>.Shared.Return(lines);
        }
    }

    private static int EncodeLines(ReadOnlySpan<byte> chunk, byte[] output)
    {
        var written = 0;
        while (chunk.Length > 0)
        {
            var line = chunk[..Math.Min(LineBytes, chunk.Length)];
            Base64.EncodeToUtf8(line, output.AsSpan(written), out _, out var encoded);
            written += encoded;
            output[written++] = (byte)'\r';
            output[written++] = (byte)'\n';
            chunk = chunk[line.Length..];
        }

        return written;
    }

    public void Dispose()
    {
    }
}

/// <summary>Bytes a measuring write of a MIME document stood in for without producing them.</summary>
internal sealed class MimeMeasure
{
    public long Skipped { get; set; }
}
