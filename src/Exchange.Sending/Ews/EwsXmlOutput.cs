using System.Buffers;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>
/// A synchronous <see cref="XmlWriter"/> over a pooled buffer that is drained asynchronously onto the connection.
/// The asynchronous XmlWriter costs about 66 KB of buffers per request; this one rents its buffer, and the operation
/// calls <see cref="FlushAsync"/> after each large piece (an attachment chunk, the body) so the buffer stays small.
/// </summary>
internal sealed class EwsXmlOutput : IDisposable
{
    private readonly Stream _destination;
    private readonly PooledBuffer _buffer = new();

    public EwsXmlOutput(Stream destination, XmlWriterSettings settings)
    {
        _destination = destination;
        Writer = XmlWriter.Create(_buffer, settings);
    }

    /// <summary>Where the operation writes its elements.</summary>
    public XmlWriter Writer { get; }

    /// <summary>Moves everything written so far onto the connection.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Writer.Flush();
        if (_buffer.Length > 0)
        {
            await _destination.WriteAsync(_buffer.Written, cancellationToken).ConfigureAwait(false);
            _buffer.Reset();
        }
    }

    public void Dispose()
    {
        Writer.Dispose();
        _buffer.Dispose();
    }

    /// <summary>A write-only stream over an <see cref="ArrayPool{T}"/> buffer that grows when a single write needs it.</summary>
    private sealed class PooledBuffer : Stream
    {
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _length;

        public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public void Reset() => _length = 0;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > _bytes.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + buffer.Length));
                _bytes.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = larger;
            }

            buffer.CopyTo(_bytes.AsSpan(_length));
            _length += buffer.Length;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && _bytes.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = [];
            }

            base.Dispose(disposing);
        }
    }
}
