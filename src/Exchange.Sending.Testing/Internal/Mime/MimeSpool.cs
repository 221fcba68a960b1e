using System.Security.Cryptography;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Collects the decoded bytes of a <c>t:MimeContent</c> as they stream in: in memory up to a limit, beyond it in a
/// temporary file (deleted on dispose), so a 100 MB MIME is never held in memory. Hashes while writing.
/// </summary>
internal sealed class MimeSpool(long? memoryLimit) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private List<byte[]>? _chunks = [];
    private FileStream? _file;
    private byte[]? _bytes;
    private string? _sha256;

    public long Length { get; private set; }

    /// <summary>The whole MIME, when it stayed within the memory limit (after <see cref="OpenRead"/>); otherwise null.</summary>
    public byte[]? Bytes => _bytes;

    public string Sha256Hex => _sha256 ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Write(ReadOnlySpan<byte> chunk)
    {
        _hash.AppendData(chunk);
        Length += chunk.Length;
        if (_chunks is not null && (memoryLimit is not { } max || Length <= max))
        {
            _chunks.Add(chunk.ToArray());
            return;
        }

        if (_file is null)
        {
            var path = Path.Combine(Path.GetTempPath(), $"fake-ews-mime-{Guid.NewGuid():N}.eml");
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
            foreach (var kept in _chunks!)
            {
                _file.Write(kept);
            }

            _chunks = null;
        }

        _file.Write(chunk);
    }

    /// <summary>A seekable stream over everything written (valid until dispose).</summary>
    public Stream OpenRead()
    {
        if (_file is not null)
        {
            _file.Flush();
            _file.Position = 0;
            return new NonClosingStream(_file);
        }

        if (_bytes is null)
        {
            _bytes = new byte[Length];
            var offset = 0;
            foreach (var chunk in _chunks!)
            {
                chunk.CopyTo(_bytes, offset);
                offset += chunk.Length;
            }

            _chunks = null;
        }

        return new MemoryStream(_bytes, writable: false);
    }

    public void Dispose()
    {
        _ = Sha256Hex;
        _hash.Dispose();
        _file?.Dispose();
        _chunks = null;
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A write-only sink that hashes everything and keeps the bytes only up to a limit.</summary>
internal sealed class CappedHashingStream(long? keepLimit) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private List<byte[]>? _kept = [];

    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        Written += buffer.Length;
        if (_kept is not null)
        {
            if (keepLimit is { } max && Written > max)
            {
                _kept = null;
            }
            else
            {
                _kept.Add(buffer.ToArray());
            }
        }
    }

    /// <summary>The bytes, or null when more than the limit were written.</summary>
    public byte[]? Content()
    {
        if (_kept is null)
        {
            return null;
        }

        var result = new byte[Written];
        var offset = 0;
        foreach (var chunk in _kept)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }

    public string Sha256Hex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
