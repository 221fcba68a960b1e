using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// Scenario (a) from <see cref="Senders"/> concurrent callers sharing one sender (one connection pool,
/// <c>MaxConcurrentRequests</c> = <see cref="Senders"/>, at most 27, the validator's limit), beside the raw floor with as many concurrent
/// posts and connections. One operation is one message: messages per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int MessagesPerInvoke = 256;

    private WireSetup _setup = null!;
    private ExchangeMailMessage _message = null!;

    [Params(1, 8, 32)]
    public int Senders { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = WireMessages.For(WireScenario.PlainText);
        _setup = await WireSetup.StartAsync(_message, ExchangeMessageFormat.Items, basic: false, maxConcurrentRequests: Math.Min(Senders, 27));
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _setup.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw HttpClient", OperationsPerInvoke = MessagesPerInvoke)]
    public Task Raw() => RunAsync(() => _setup.Raw.PostAsync());

    [Benchmark(Description = "Exchange.Sending", OperationsPerInvoke = MessagesPerInvoke)]
    public Task Ours() => RunAsync(() => _setup.Sender.SendAsync(_message));

    private Task RunAsync(Func<Task> send)
    {
        var each = MessagesPerInvoke / Senders;
        var workers = new Task[Senders];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                for (var n = 0; n < each; n++)
                {
                    await send().ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(workers);
    }
}
