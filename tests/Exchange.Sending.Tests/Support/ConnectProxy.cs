using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exchange.Sending.Tests.Support;

/// <summary>A tiny loopback HTTP proxy that only tunnels (<c>CONNECT host:port</c>, what a client sends for https:// through a
/// proxy) and records each tunnel's target.</summary>
internal sealed class ConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tunnels = [];
    private readonly List<string> _targets = [];
    private readonly Task _accepting;
    private readonly bool _demandCredentials;

    public ConnectProxy(bool demandCredentials = false)
    {
        _demandCredentials = demandCredentials;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public IReadOnlyList<string> Targets
    {
        get
        {
            lock (_targets)
            {
                return _targets.ToArray();
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_tunnels)
                {
                    _tunnels.Add(TunnelAsync(client));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TunnelAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
                {
                    head.Append((char)one[0]);
                }

                var parts = head.ToString().Split(' ', 3);
                if (parts.Length < 3 || parts[0] != "CONNECT")
                {
                    await stream.WriteAsync("HTTP/1.1 405 Only CONNECT\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    return;
                }

                lock (_targets)
                {
                    _targets.Add(parts[1]);
                }

                if (_demandCredentials)
                {
                    await stream.WriteAsync("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    return;
                }

                var colon = parts[1].LastIndexOf(':');
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(parts[1][..colon].Trim('[', ']'), int.Parse(parts[1][(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), _stop.Token);
                await stream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), _stop.Token);
                var server = upstream.GetStream();
                var up = stream.CopyToAsync(server, _stop.Token);
                var down = server.CopyToAsync(stream, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] tunnels;
        lock (_tunnels)
        {
            tunnels = _tunnels.ToArray();
        }

        await Task.WhenAll(tunnels);
        _stop.Dispose();
    }
}
