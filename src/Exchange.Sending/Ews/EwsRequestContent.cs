using System.Net;
using System.Net.Http.Headers;

namespace Exchange.Sending.Ews;

/// <summary>
/// The request body as <see cref="HttpContent"/>: the SOAP envelope is written straight onto the connection
/// (chunked transfer encoding), attachments base64-encoded from their sources in chunks. Nothing holds the whole
/// body. Each serialisation writes afresh, so a 401 handshake can resend it.
/// </summary>
internal sealed class EwsRequestContent : HttpContent
{
    private readonly ExchangeVersion _version;
    private readonly IEwsOperation _operation;
    private long _bytesWritten;

    public EwsRequestContent(ExchangeVersion version, IEwsOperation operation)
    {
        _version = version;
        _operation = operation;
        Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
    }

    /// <summary><see langword="true"/> once a write reached the end of the body: the server may have the whole request.</summary>
    public bool Completed { get; private set; }

    /// <summary>Bytes written by the last serialisation.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Completed = false;
        Interlocked.Exchange(ref _bytesWritten, 0);
        var counting = new CountingWriteStream(stream, this);
        await EwsEnvelopeWriter.WriteAsync(counting, _version, _operation, cancellationToken).ConfigureAwait(false);
        Completed = true;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    /// <summary>Counts bytes on their way to the connection (for logs and the request size in results).</summary>
    private sealed class CountingWriteStream(Stream inner, EwsRequestContent owner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Interlocked.Add(ref owner._bytesWritten, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref owner._bytesWritten, buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
