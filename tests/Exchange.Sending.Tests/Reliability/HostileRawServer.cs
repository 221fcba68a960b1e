using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>One request as the raw server read it.</summary>
internal sealed record RawRequest(int Index, string Operation, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>What the raw server answers: exact bytes, or a dropped connection.</summary>
internal sealed record RawReply
{
    public int Status { get; init; } = 200;
    public string? ContentType { get; init; } = "text/xml; charset=utf-8";
    public byte[] Body { get; init; } = [];
    public long? DeclaredLength { get; init; }
    public string[] ExtraHeaders { get; init; } = [];
    public bool Drop { get; init; }
    public TimeSpan Delay { get; init; }

    public static RawReply Xml(string body, int status = 200) => new() { Status = status, Body = Encoding.UTF8.GetBytes(body) };
    public static RawReply Bytes(byte[] body, string? contentType, int status = 200, params string[] headers) =>
        new() { Status = status, Body = body, ContentType = contentType, ExtraHeaders = headers };
    public static RawReply Dropped() => new() { Drop = true };
}

/// <summary>A tiny HTTP/1.1 server on loopback that answers whatever bytes a test wants (keep-alive, Content-Length bodies).</summary>
internal sealed class HostileRawServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawRequest, Task<RawReply>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private int _count;

    public HostileRawServer(Func<RawRequest, Task<RawReply>> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public HostileRawServer(Func<RawRequest, RawReply> handler) : this(r => Task.FromResult(handler(r)))
    {
    }

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public string ServerUrl => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Count(string operation) => Requests.Count(r => r.Operation == operation);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        var pending = new List<byte>();
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                int end;
                while ((end = IndexOfHeaderEnd(pending)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                var headerText = Encoding.ASCII.GetString(pending.GetRange(0, end).ToArray());
                pending.RemoveRange(0, end + 4);
                var lines = headerText.Split("\r\n");
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0)
                    {
                        headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                }

                if (headers.TryGetValue("Expect", out var expect) && expect.Contains("100-continue", StringComparison.OrdinalIgnoreCase))
                {
                    await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
                }

                var length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl, System.Globalization.CultureInfo.InvariantCulture) : 0;
                while (pending.Count < length)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                var body = Encoding.UTF8.GetString(pending.GetRange(0, length).ToArray());
                pending.RemoveRange(0, length);
                var action = headers.TryGetValue("SOAPAction", out var a) ? a.Trim('"') : "";
                var operation = action[(action.LastIndexOf('/') + 1)..];
                var request = new RawRequest(Interlocked.Increment(ref _count), operation, body, headers);
                Requests.Enqueue(request);
                var reply = await _handler(request);
                if (reply.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Delay, _stop.Token);
                }

                if (reply.Drop)
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                    return;
                }

                var head = new StringBuilder();
                head.Append("HTTP/1.1 ").Append(reply.Status).Append(" Whatever\r\n");
                if (reply.ContentType is not null)
                {
                    head.Append("Content-Type: ").Append(reply.ContentType).Append("\r\n");
                }

                head.Append("Content-Length: ").Append(reply.DeclaredLength ?? reply.Body.Length).Append("\r\n");
                foreach (var extra in reply.ExtraHeaders)
                {
                    head.Append(extra).Append("\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                await stream.WriteAsync(reply.Body);
                await stream.FlushAsync();
                if (reply.DeclaredLength is { } declared && declared != reply.Body.Length)
                {
                    socket.Close();
                    return;
                }
            }
        }
        catch
        {
            // the client went away
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}

/// <summary>EWS response text for hostile answers.</summary>
internal static class Ews
{
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public const string T = "http://schemas.microsoft.com/exchange/services/2006/types";
    public const string Version = "<t:ServerVersionInfo MajorVersion=\"15\" MinorVersion=\"1\" MajorBuildNumber=\"2507\" MinorBuildNumber=\"6\" Version=\"V2017_07_11\"/>";

    public static string Envelope(string body, string header = Version, string encoding = "utf-8") =>
        $"<?xml version=\"1.0\" encoding=\"{encoding}\"?><s:Envelope xmlns:s=\"{Soap}\" xmlns:m=\"{M}\" xmlns:t=\"{T}\"><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>";

    public static string Message(string operation, string responseClass, string code, string inner = "", string text = "") =>
        $"<m:{operation}ResponseMessage ResponseClass=\"{responseClass}\">{(text.Length > 0 ? $"<m:MessageText>{text}</m:MessageText>" : "")}<m:ResponseCode>{code}</m:ResponseCode>{inner}</m:{operation}ResponseMessage>";

    public static string ResponseBody(string operation, params string[] messages) =>
        $"<m:{operation}Response><m:ResponseMessages>{string.Concat(messages)}</m:ResponseMessages></m:{operation}Response>";

    public static string Response(string operation, params string[] messages) => Envelope(ResponseBody(operation, messages));

    public static string CreateItemOk => Response("CreateItem", Message("CreateItem", "Success", "NoError", "<m:Items><t:Message><t:ItemId Id=\"AAA\" ChangeKey=\"CK\"/></t:Message></m:Items>"));

    public static string GetFolderOk => Response("GetFolder", Message("GetFolder", "Success", "NoError",
        "<m:Folders><t:Folder><t:FolderId Id=\"F1\" ChangeKey=\"C1\"/></t:Folder></m:Folders>"));

    public static string FoundItem(string? id, string? subject, DateTimeOffset? sent, string itemId = "I1") =>
        $"<t:Message><t:ItemId Id=\"{itemId}\" ChangeKey=\"CK\"/>"
        + (subject is null ? "" : $"<t:Subject>{System.Security.SecurityElement.Escape(subject)}</t:Subject>")
        + (sent is null ? "" : $"<t:DateTimeSent>{sent.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</t:DateTimeSent>")
        + (id is null ? "" : $"<t:InternetMessageId>{System.Security.SecurityElement.Escape(id)}</t:InternetMessageId>")
        + "</t:Message>";

    public static string FindItem(params string[] items) => Response("FindItem", Message("FindItem", "Success", "NoError",
        $"<m:RootFolder IndexedPagingOffset=\"{items.Length}\" TotalItemsInView=\"{items.Length + 40}\" IncludesLastItemInRange=\"false\"><t:Items>{string.Concat(items)}</t:Items></m:RootFolder>"));

    public static string? Between(string text, string start, string end)
    {
        var at = text.IndexOf(start, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        at += start.Length;
        var stop = text.IndexOf(end, at, StringComparison.Ordinal);
        return stop < 0 ? null : WebUtility.HtmlDecode(text[at..stop]);
    }
}
