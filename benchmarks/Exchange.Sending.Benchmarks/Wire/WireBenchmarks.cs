using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// Issue 10's main figure: one <see cref="ExchangeMailSender.SendAsync(ExchangeMailMessage, CancellationToken)"/>
/// beside the raw floor (<see cref="RawPoster"/>: the same request bytes, captured from our sender, posted pre-built
/// on a pooled HttpClient) to the same out-of-process stand-in, in the same run; the Ratio column is ours ÷ raw.
/// Allocated is the client's alone (the server runs in a child process). Items format (t:Message); the MIME path is
/// <see cref="MimeWireBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class WireBenchmarks
{
    private WireSetup _setup = null!;
    private ExchangeMailMessage _message = null!;

    [Params(WireScenario.PlainText, WireScenario.Html1MB, WireScenario.Attachment20MB, WireScenario.Attachment100MB)]
    public WireScenario Scenario { get; set; }

    [Params(false, true)]
    public bool Basic { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = WireMessages.For(Scenario);
        _setup = await WireSetup.StartAsync(_message, ExchangeMessageFormat.Items, Basic);
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _setup.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw HttpClient")]
    public Task<int> Raw() => _setup.Raw.PostAsync();

    [Benchmark(Description = "Exchange.Sending")]
    public Task<ExchangeSendResult> Ours() => _setup.Sender.SendAsync(_message);
}

/// <summary>
/// The MIME path (t:MimeContent) for (b) and (c) at 20 MB, beside its own raw floor (the MIME request our sender made,
/// posted pre-built) and beside the item path for the same message, in the same run.
/// </summary>
[MemoryDiagnoser]
public class MimeWireBenchmarks
{
    private WireSetup _setup = null!;
    private ExchangeMailMessage _message = null!;

    [Params(WireScenario.Html1MB, WireScenario.Attachment20MB)]
    public WireScenario Scenario { get; set; }

    [Params(ExchangeMessageFormat.Items, ExchangeMessageFormat.Mime)]
    public ExchangeMessageFormat Format { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = WireMessages.For(Scenario);
        _setup = await WireSetup.StartAsync(_message, Format, basic: false);
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _setup.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw HttpClient")]
    public Task<int> Raw() => _setup.Raw.PostAsync();

    [Benchmark(Description = "Exchange.Sending")]
    public Task<ExchangeSendResult> Ours() => _setup.Sender.SendAsync(_message);
}
