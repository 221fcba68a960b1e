namespace Exchange.Sending.Ews;

/// <summary>Reads an attachment's content from its source exactly once per write, in chunks, and proves it is exactly
/// <see cref="ExchangeAttachment.Length"/> bytes long: the request's Content-Length was computed from that length, so a
/// source that changed since is a local error (<see cref="EwsContentException"/>), not a framing failure on the wire.</summary>
internal static class AttachmentReader
{
    public delegate ValueTask ChunkSink(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="sink"/> for each chunk of at most <paramref name="chunkBytes"/> bytes; every chunk but the
    /// last is exactly <paramref name="chunkBytes"/> long (callers rely on it for whole base64 quads and lines).</summary>
    public static async Task CopyAsync(ExchangeAttachment attachment, byte[] buffer, int chunkBytes, ChunkSink sink, CancellationToken cancellationToken)
    {
        var expected = attachment.Length ?? throw new InvalidOperationException($"Attachment '{attachment.Name}' has no known length; it should have been spooled.");
        await using var source = Open(attachment);
        var remaining = expected;
        while (remaining > 0)
        {
            var want = (int)Math.Min(chunkBytes, remaining);
            var read = await ReadAsync(attachment, source, buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read < want)
            {
                throw Changed(attachment, expected, expected - remaining + read);
            }

            await sink(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }

        // One more byte would mean the source grew since its length was taken.
        if (await ReadAsync(attachment, source, buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) > 0)
        {
            throw Changed(attachment, expected, expected + 1);
        }
    }

    private static EwsContentException Changed(ExchangeAttachment attachment, long expected, long found) =>
        new(attachment, new IOException(found < expected
            ? $"it ended after {found} of the {expected} bytes it had when the message was prepared."
            : $"it is longer than the {expected} bytes it had when the message was prepared."));

    // Failures of the attachment's own source are told apart from network failures (EwsContentException).
    private static Stream Open(ExchangeAttachment attachment)
    {
        try
        {
            return attachment.OpenRead();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new EwsContentException(attachment, ex);
        }
    }

    private static async ValueTask<int> ReadAsync(ExchangeAttachment attachment, Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new EwsContentException(attachment, ex);
        }
    }
}
