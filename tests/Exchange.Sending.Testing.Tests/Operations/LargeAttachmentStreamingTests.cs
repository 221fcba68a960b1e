using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>A 50 MB attachment is validated, hashed and counted while streaming, without buffering the body.</summary>
[Collection(AllocationSensitive.Name)]
public sealed class LargeAttachmentStreamingTests
{
    private const int Size = 50 * 1024 * 1024;

    /// <summary>Writes the request straight onto the wire: prefix, base64 of deterministic chunks, suffix.</summary>
    private sealed class StreamingRequest(string prefix, string suffix, IncrementalHash hash) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(prefix));
            var chunk = new byte[3 * 16 * 1024];
            var encoded = new byte[4 * 16 * 1024];
            var random = new Random(42);
            for (var written = 0; written < Size; written += chunk.Length)
            {
                random.NextBytes(chunk);
                var count = Math.Min(chunk.Length, Size - written);
                hash.AppendData(chunk, 0, count);
                System.Buffers.Text.Base64.EncodeToUtf8(chunk.AsSpan(0, count), encoded, out _, out var produced);
                await stream.WriteAsync(encoded.AsMemory(0, produced));
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(suffix));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [SkippableFact]
    public async Task Fifty_megabytes_are_hashed_not_kept_and_not_buffered()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var full = Soap.CreateItem("SendOnly", Soap.Message(attachmentsXml: "<t:FileAttachment><t:Name>big.bin</t:Name><t:Content>SPLIT</t:Content></t:FileAttachment>"));
        var parts = full.Split("SPLIT");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var content = new StreamingRequest(parts[0], parts[1], hash);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=utf-8");
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var response = await server.SendAsync(content);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        response.Status.Should().Be(HttpStatusCode.OK, response.ToString());
        var attachment = server.SentMessages.Single().Attachments.Single();
        attachment.Length.Should().Be(Size);
        attachment.Content.Should().BeNull("16 MB is the default limit for kept content");
        attachment.Sha256Hex.Should().Be(Convert.ToHexStringLower(hash.GetHashAndReset()));
        server.Counters.BodyBytesReceived.Should().BeGreaterThan(Size * 4L / 3);
        allocated.Should().BeLessThan(Size, "client and server together must not hold the ~67 MB body or the 50 MB attachment");
    }
}
