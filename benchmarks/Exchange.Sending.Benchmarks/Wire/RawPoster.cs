using System.Buffers;
using System.Net;
using System.Net.Http.Headers;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// The floor: the exact request our library sent (captured from it by <see cref="RequestCapture"/>), pre-built as one
/// <see cref="ByteArrayContent"/> and posted on one pooled <see cref="HttpClient"/>; the response body is read to its
/// end and not parsed. Nothing that sends these bytes over HTTP can be faster.
/// </summary>
internal sealed class RawPoster : IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly CapturedRequest _request;

    public RawPoster(CapturedRequest request, int maxConnections)
        : this(request, new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, UseCookies = false, AllowAutoRedirect = false })
    {
    }

    /// <summary>The same post through another handler (the probe's <c>--layer handler</c>: our connection's handler chain).</summary>
    public RawPoster(CapturedRequest request, HttpMessageHandler handler)
    {
        _endpoint = request.Uri;
        _request = request;
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<int> PostAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Version = HttpVersion.Version11 };
        var content = new ByteArrayContent(_request.Body);
        content.Headers.ContentType = _request.ContentType;
        request.Content = content;
        foreach (var (name, value) in _request.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The raw post got HTTP {(int)response.StatusCode}.");
        }

        return (int)response.StatusCode;
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>A request as our library put it on the wire: body bytes, content type and request headers.</summary>
internal sealed record CapturedRequest(Uri Uri, byte[] Body, MediaTypeHeaderValue? ContentType, IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>Passes requests on unchanged, keeping a copy of the last one's body and headers (<c>Expect</c> left out:
/// the floor is a plain pre-built post).</summary>
internal sealed class RequestCapture() : DelegatingHandler(new SocketsHttpHandler())
{
    public CapturedRequest? Last { get; private set; }

    /// <summary>The body of the last response.</summary>
    public byte[]? LastResponse { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = request.Headers
            .Where(h => !h.Key.Equals("Expect", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => (h.Key, v)))
            .ToList();
        Last = new CapturedRequest(request.RequestUri!, body, request.Content.Headers.ContentType, headers);
        var replay = new ByteArrayContent(body);
        replay.Headers.ContentType = request.Content.Headers.ContentType;
        request.Content = replay;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        LastResponse = answer;
        var copy = new ByteArrayContent(answer);
        foreach (var header in response.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = copy;
        return response;
    }
}
