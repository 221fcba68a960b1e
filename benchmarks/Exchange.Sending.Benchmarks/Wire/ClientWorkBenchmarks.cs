using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// The client's own work, without sockets: our send and the raw post both go through an in-memory
/// <see cref="HttpMessageHandler"/> that reads the whole request body and answers with the response bytes the bundled
/// server gave to the same request. What separates the two rows is what our library does per send besides I/O.
/// </summary>
[MemoryDiagnoser]
public class ClientWorkBenchmarks : IDisposable
{
    private ExchangeMailSender _sender = null!;
    private HttpClient _raw = null!;
    private CapturedRequest _request = null!;
    private ExchangeMailMessage _message = null!;

    [Params(WireScenario.PlainText, WireScenario.Html1MB)]
    public WireScenario Scenario { get; set; }

    [Params(false, true)]
    public bool Basic { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = WireMessages.For(Scenario);
        await using var server = await LoopbackServer.StartAsync(ServerMode.InProcess, Basic);
        var options = WireSetup.Options(server.ServerUrl, ExchangeMessageFormat.Items, Basic, 8);
        var capture = new RequestCapture();
        using (var capturing = new ExchangeMailSender(options, null, capture))
        {
            await capturing.SendAsync(_message);
            await capturing.SendAsync(_message);
        }

        _request = capture.Last!;
        var handler = new CannedHandler(capture.LastResponse!);
        _sender = new ExchangeMailSender(options, null, handler);
        _raw = new HttpClient(handler, disposeHandler: false);
        await _sender.SendAsync(_message);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sender.Dispose();
        _raw.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient")]
    public async Task<int> Raw()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _request.Uri) { Content = new ByteArrayContent(_request.Body) };
        request.Content.Headers.ContentType = _request.ContentType;
        foreach (var (name, value) in _request.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
        return (int)response.StatusCode;
    }

    /// <summary><c>--client-loop [seconds]</c>: our send through the canned handler in a loop (for a profiler).</summary>
    public static async Task<int> LoopAsync(string[] args)
    {
        using var benchmark = new ClientWorkBenchmarks { Scenario = WireScenario.PlainText };
        await benchmark.SetupAsync();
        var until = DateTime.UtcNow.AddSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
        var n = 0;
        while (DateTime.UtcNow < until)
        {
            await benchmark.Ours();
            n++;
        }

        Console.WriteLine($"{n} sends");
        return 0;
    }

    [Benchmark(Description = "Exchange.Sending")]
    public Task<ExchangeSendResult> Ours() => _sender.SendAsync(_message);

    /// <summary>Drains the request body into a reused buffer and answers with fixed bytes, as text/xml.</summary>
    private sealed class CannedHandler(byte[] answer) : HttpMessageHandler
    {
        private readonly MediaTypeHeaderValue _type = new("text/xml") { CharSet = "utf-8" };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await request.Content!.CopyToAsync(Stream.Null, cancellationToken);
            var content = new ByteArrayContent(answer);
            content.Headers.ContentType = _type;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
        }
    }
}
