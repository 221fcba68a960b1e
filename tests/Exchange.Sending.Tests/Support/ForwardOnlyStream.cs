namespace Exchange.Sending.Tests.Support;

/// <summary>A stream that can be read once, front to back, like a network or pipe stream: not seekable, length unknown.
/// Counts its reads, so a test can tell whether it was read at all.</summary>
internal sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
{
    public int Reads { get; private set; }

    public override bool CanSeek => false;

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        return base.Read(buffer, offset, count);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        return base.ReadAsync(buffer, cancellationToken);
    }
}
