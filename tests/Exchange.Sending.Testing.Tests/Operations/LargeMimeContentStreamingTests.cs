using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>A MIME of ~54 MB (a 40 MB attachment) is spooled to a temporary file and parsed in place: neither it nor the attachment stays in memory.</summary>
[Collection(AllocationSensitive.Name)]
public sealed class LargeMimeContentStreamingTests
{
    private const int Size = 40 * 1024 * 1024;

    /// <summary>SOAP prefix, base64 of a MIME generated on the fly (whose attachment is itself base64), SOAP suffix.</summary>
    private sealed class StreamingMimeRequest(string prefix, string suffix, IncrementalHash attachmentHash, IncrementalHash mimeHash) : HttpContent
    {
        private readonly byte[] _buffer = new byte[3 * 16 * 1024];
        private readonly byte[] _encoded = new byte[4 * 16 * 1024];
        private int _buffered;
        private Stream _out = Stream.Null;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _out = stream;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(prefix));
            await MimeAsync(Encoding.ASCII.GetBytes(
                "From: billing@example.com\r\nTo: alice@example.com\r\nSubject: big\r\nMessage-ID: <big@example.com>\r\nMIME-Version: 1.0\r\n" +
                "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n" +
                "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
            var random = new Random(7);
            var chunk = new byte[57 * 1024]; // 57 bytes per 76-character line
            var line = new byte[78];
            for (var written = 0; written < Size; written += chunk.Length)
            {
                var count = Math.Min(chunk.Length, Size - written);
                random.NextBytes(chunk);
                attachmentHash.AppendData(chunk, 0, count);
                for (var offset = 0; offset < count; offset += 57)
                {
                    System.Buffers.Text.Base64.EncodeToUtf8(chunk.AsSpan(offset, Math.Min(57, count - offset)), line, out _, out var produced);
                    line[produced] = (byte)'\r';
                    line[produced + 1] = (byte)'\n';
                    await MimeAsync(line.AsMemory(0, produced + 2));
                }
            }

            await MimeAsync(Encoding.ASCII.GetBytes("--b--\r\n"));
            System.Buffers.Text.Base64.EncodeToUtf8(_buffer.AsSpan(0, _buffered), _encoded, out _, out var last);
            await stream.WriteAsync(_encoded.AsMemory(0, last));

            await stream.WriteAsync(Encoding.UTF8.GetBytes(suffix));
        }

        private async Task MimeAsync(ReadOnlyMemory<byte> bytes)
        {
            // MIME bytes collect in a fixed buffer (a multiple of 3), which is base64-encoded into a fixed buffer when full.
            mimeHash.AppendData(bytes.Span);
            while (bytes.Length > 0)
            {
                var take = Math.Min(bytes.Length, _buffer.Length - _buffered);
                bytes.Span[..take].CopyTo(_buffer.AsSpan(_buffered));
                _buffered += take;
                bytes = bytes[take..];
                if (_buffered == _buffer.Length)
                {
                    System.Buffers.Text.Base64.EncodeToUtf8(_buffer, _encoded, out _, out var produced);
                    await _out.WriteAsync(_encoded.AsMemory(0, produced));
                    _buffered = 0;
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Forty_megabyte_attachment_in_mime_is_hashed_not_kept_and_not_buffered()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var parts = Soap.CreateItem("SendOnly", "<t:Message><t:MimeContent CharacterSet=\"UTF-8\">SPLIT</t:MimeContent>" +
                                                $"<t:BccRecipients>{Soap.Mailbox("audit@example.com")}</t:BccRecipients></t:Message>").Split("SPLIT");
        using var attachmentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var mimeHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var content = new StreamingMimeRequest(parts[0], parts[1], attachmentHash, mimeHash);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=utf-8");
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var response = await server.SendAsync(content);

        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        response.Status.Should().Be(HttpStatusCode.OK, response.ToString());
        var m = server.SentMessages.Single();
        m.GetMimeContent().Should().BeNull();
        m.MimeContentLength.Should().BeGreaterThan(Size * 4L / 3);
        m.MimeContentSha256Hex.Should().Be(Convert.ToHexStringLower(mimeHash.GetHashAndReset()));
        m.BccRecipients.Single().Address.Should().Be("audit@example.com");
        var attachment = m.Attachments.Single();
        attachment.Length.Should().Be(Size);
        attachment.Content.Should().BeNull("16 MB is the default limit for kept content");
        attachment.Sha256Hex.Should().Be(Convert.ToHexStringLower(attachmentHash.GetHashAndReset()));
        // The server spools up to 16 MB in memory before switching to a temporary file (deleted after the import) and
        // collects up to 16 MB of attachment before dropping it: with the message recorded, neither the 54 MB MIME nor
        // the 40 MB attachment is held.
        retained.Should().BeLessThan(4 * 1024 * 1024);
        GC.KeepAlive(m);
    }
}
