using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>The request body is streamed: a 50 MB attachment is base64-encoded in chunks onto the connection.</summary>
[Collection(AllocationSensitive.Name)]
public class LargeAttachmentTests
{
    private const long Size = 50L * 1024 * 1024;

    [SkippableFact]
    public async Task A_50_MB_attachment_is_streamed_with_allocations_far_below_its_size()
    {
        await using var server = await ServerFixture.StartAsync(o => o.MaxStoredAttachmentBytes = 1024 * 1024);
        using var sender = ServerFixture.Sender(server, o => o.RequestTimeout = TimeSpan.FromMinutes(2));
        await sender.SendAsync(TestOptions.Message()); // warm up: connection, JIT, schema
        await server.WaitForMessageAsync(TimeSpan.FromSeconds(10));

        var source = new PatternStream(Size);
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("big.bin", source, "application/octet-stream")));

        // Whole process: our client and the in-process server (which validates and hashes as it streams).
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await sender.SendAsync(message);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var received = await server.WaitForMessageAsync(TimeSpan.FromSeconds(30));
        received.Attachments.Single().Length.Should().Be(Size);
        received.Attachments.Single().Sha256Hex.Should().BeEquivalentTo(PatternStream.Sha256Hex(Size));
        result.RequestBytes.Should().BeGreaterThan(Size * 4 / 3);
        allocated.Should().BeLessThan(Size / 5, "the body must never be held whole ({0:N0} bytes allocated)", allocated);
    }

    /// <summary>Deterministic, non-seekable content that exists nowhere in memory as a whole.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public static string Sha256Hex(long length)
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            using var stream = new PatternStream(length);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            return Convert.ToHexString(hash.GetHashAndReset());
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)((_position + i) * 31 % 251);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
    }
}
