namespace Exchange.Sending.Tests.Support;

/// <summary>A seekable stream of known length whose reads each take a while (at most 16 KiB each): an upload still running.</summary>
internal sealed class SlowStream(byte[] content, TimeSpan perRead) : MemoryStream(content, writable: false)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Delay(perRead, cancellationToken);
        return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 16 * 1024)], cancellationToken);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await Task.Delay(perRead, cancellationToken);
        return await base.ReadAsync(buffer.AsMemory(offset, Math.Min(count, 16 * 1024)), cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Thread.Sleep(perRead);
        return base.Read(buffer, offset, Math.Min(count, 16 * 1024));
    }
}
