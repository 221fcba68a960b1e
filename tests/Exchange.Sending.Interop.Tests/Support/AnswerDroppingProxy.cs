using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exchange.Sending.Interop.Tests.Support;

/// <summary>
/// A loopback HTTP/1.1 pass-through to gromox that loses answers on purpose: each request is forwarded whole, and for the
/// first <c>dropCount</c> requests whose body contains <c>dropWhen</c> the real server's answer is read and thrown away and
/// the client's connection is reset: the lost answer after a processed request that makes an outcome unknown. Handles
/// Content-Length bodies only (the library never sends chunked ones; gromox answers with Content-Length).
/// </summary>
internal sealed class AnswerDroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _upstream;
    private readonly string _dropWhen;
    private int _dropsLeft;
    private readonly Task _accepting;

    public AnswerDroppingProxy(Uri upstream, string dropWhen, int dropCount)
    {
        _upstream = upstream;
        _dropWhen = dropWhen;
        _dropsLeft = dropCount;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>host:port/path to use as ServerUrl.</summary>
    public string ServerUrl => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{_upstream.AbsolutePath}";

    /// <summary>How many answers were dropped.</summary>
    public int Dropped { get; private set; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var down = client.GetStream();
            try
            {
                while (await ReadMessageAsync(down) is { } request)
                {
                    // A fresh upstream connection per request: gromox misreads a request that follows a large one on one connection.
                    using var upstream = new TcpClient();
                    await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
                    var up = upstream.GetStream();
                    await up.WriteAsync(request, _stop.Token);
                    var response = await ReadMessageAsync(up) ?? throw new IOException("gromox closed without answering");
                    if (Encoding.UTF8.GetString(request).Contains(_dropWhen, StringComparison.Ordinal) && Interlocked.Decrement(ref _dropsLeft) >= 0)
                    {
                        Dropped++;
                        client.Client.LingerState = new LingerOption(true, 0);
                        return; // reset: the answer is lost
                    }

                    await down.WriteAsync(response, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away, or the proxy stops.
            }
        }
    }

    /// <summary>One HTTP message (head + Content-Length body), or null when the stream ended first.</summary>
    private async Task<byte[]?> ReadMessageAsync(NetworkStream stream)
    {
        var buffer = new MemoryStream();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            buffer.WriteByte(one[0]);
            var length = buffer.Length;
            if (length >= 4 && buffer.GetBuffer()[(int)length - 4] == '\r' && buffer.GetBuffer()[(int)length - 3] == '\n'
                && buffer.GetBuffer()[(int)length - 2] == '\r' && buffer.GetBuffer()[(int)length - 1] == '\n')
            {
                break;
            }
        }

        var head = Encoding.ASCII.GetString(buffer.ToArray());
        var contentLength = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[contentLength];
        await stream.ReadExactlyAsync(body, _stop.Token);
        buffer.Write(body);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
