using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>HTTP/1.1 over a bare socket, for framing that HttpClient will not produce (short bodies, half-closes).</summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, without the blank line) and <paramref name="body"/>,
    /// half-closes the sending side, and returns everything the server answered until it closed.</summary>
    public static async Task<string> SendAndHalfCloseAsync(FakeEwsServer server, string head, byte[] body)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes(head + "\r\n\r\n"));
        await socket.SendAsync(body);
        socket.Shutdown(SocketShutdown.Send);
        return await ReadToEndAsync(socket);
    }

    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // What arrived before the reset is kept.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    public static string PostHead(FakeEwsServer server, string framingHeader) =>
        $"POST /EWS/Exchange.asmx HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nContent-Type: text/xml; charset=utf-8\r\n{framingHeader}";
}

/// <summary>Content whose length HttpClient cannot know in advance, so HttpClient sends it with <c>Transfer-Encoding: chunked</c>.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(byte[] bytes, string contentType = "text/xml; charset=utf-8")
    {
        _bytes = bytes;
        Headers.TryAddWithoutValidation("Content-Type", contentType);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        // Several writes, so the body really goes out as several chunks.
        const int piece = 4096;
        for (var offset = 0; offset < _bytes.Length; offset += piece)
        {
            await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(piece, _bytes.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>Content that declares <c>Content-Length</c> of <paramref name="declared"/> bytes but writes only <paramref name="bytes"/>.</summary>
internal sealed class ShortContent : HttpContent
{
    private readonly byte[] _bytes;
    private readonly long _declared;

    public ShortContent(byte[] bytes, long declared)
    {
        _bytes = bytes;
        _declared = declared;
        Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=utf-8");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) => await stream.WriteAsync(_bytes);

    protected override bool TryComputeLength(out long length)
    {
        length = _declared;
        return true;
    }
}
