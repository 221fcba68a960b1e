using System.Net.Sockets;
using System.Security.Cryptography;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Every request carries an exact Content-Length (never chunked), so a server that refuses chunked bodies, as
/// gromox does and IIS can (411), takes every request we make; a small request leaves in one socket write.</summary>
public class FramingTests
{
    public static TheoryData<string, ExchangeMessageFormat, ExchangeVersion> Shapes() => new()
    {
        { "plain", ExchangeMessageFormat.Items, ExchangeVersion.Exchange2013_SP1 },
        { "plain", ExchangeMessageFormat.Mime, ExchangeVersion.Exchange2013_SP1 },
        { "attachments", ExchangeMessageFormat.Items, ExchangeVersion.Exchange2013_SP1 },
        { "attachments", ExchangeMessageFormat.Mime, ExchangeVersion.Exchange2013_SP1 },
        { "attachments", ExchangeMessageFormat.Items, ExchangeVersion.Exchange2010_SP1 },
        { "large body", ExchangeMessageFormat.Items, ExchangeVersion.Exchange2013_SP1 },
        { "large body", ExchangeMessageFormat.Mime, ExchangeVersion.Exchange2013_SP1 },
    };

    [SkippableTheory]
    [MemberData(nameof(Shapes))]
    public async Task A_server_that_refuses_chunked_bodies_takes_every_request(string shape, ExchangeMessageFormat format, ExchangeVersion version)
    {
        await using var server = await ServerFixture.StartAsync(o => o.RejectChunkedRequestBodies = true);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = format;
            o.Version = version;
        });
        var bytes = RandomNumberGenerator.GetBytes(300_001);
        var piped = RandomNumberGenerator.GetBytes(70_000);
        var message = TestOptions.Message(m =>
        {
            if (shape == "attachments")
            {
                m.Attachments.Add(ExchangeAttachment.FromBytes("a.bin", bytes));
                m.Attachments.Add(ExchangeAttachment.FromStream("piped.bin", new ForwardOnlyStream(piped)));
            }
            else if (shape == "large body")
            {
                m.Body = ExchangeMessageBody.Text(new string('x', 200_000) + " & <end>");
            }
        });

        var result = await sender.SendAsync(message);

        server.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.HttpStatus == 200 && !r.IsChunked && r.ContentLength == r.BodyBytes);
        // A MIME send first learns which server it is (one GetFolder per connection), which the result does not count.
        result.RequestBytes.Should().Be(server.Requests.Where(r => r.Operation != "GetFolder").Sum(r => r.BodyBytes));
        var received = await server.WaitForMessageAsync(TimeSpan.FromSeconds(5));
        if (shape == "attachments")
        {
            received.Attachments.Single(a => a.Name == "a.bin").Content.Should().Equal(bytes);
            received.Attachments.Single(a => a.Name == "piped.bin").Content.Should().Equal(piped);
        }
        else if (shape == "large body")
        {
            received.Body.Should().EndWith(" & <end>").And.HaveLength(200_008);
        }
    }

    [SkippableTheory]
    [InlineData(ExchangeMessageFormat.Items)]
    [InlineData(ExchangeMessageFormat.Mime)]
    public async Task A_small_request_leaves_in_one_socket_write_headers_and_body_together(ExchangeMessageFormat format)
    {
        await using var server = await ServerFixture.StartAsync();
        var writes = new List<int>();
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new WriteCountingStream(new NetworkStream(socket, ownsSocket: true), writes);
            },
        };
        using var sender = new ExchangeMailSender(ServerFixture.Options(server, o => o.MessageFormat = format), null, handler);

        await sender.SendAsync(TestOptions.Message());
        await sender.SendAsync(TestOptions.Message(m => m.Subject = "second"));

        // Items: the two CreateItem; Mime: a GetFolder first (the server is identified once per connection).
        server.Requests.Should().HaveCount(format == ExchangeMessageFormat.Mime ? 3 : 2);
        lock (writes)
        {
            writes.Should().HaveCount(server.Requests.Count, "each request is one write of headers and body");
            writes.Should().OnlyContain(w => w > 500);
        }
    }

    private sealed class WriteCountingStream(Stream inner, List<int> writes) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Record(count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        private void Record(int count)
        {
            lock (writes)
            {
                writes.Add(count);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
