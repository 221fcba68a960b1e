using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// Batches (issue 11): scenario (a) messages from <see cref="Callers"/> concurrent callers of one sender, each sending either
/// one message per <c>SendAsync</c> or lists of <see cref="BatchSize"/> through <c>SendAsync(IEnumerable)</c> (several items
/// per CreateItem, <c>MaxMessagesPerBatchRequest</c> = 10), beside the raw floor posting one single-message request per message.
/// One operation is one message: messages per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
public class BatchThroughputBenchmarks
{
    private const int MessagesPerInvoke = 160;
    private const int BatchSize = 10;

    private WireSetup _setup = null!;
    private ExchangeMailMessage _message = null!;
    private ExchangeMailMessage[] _batch = null!;

    [Params(1, 8)]
    public int Callers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = WireMessages.For(WireScenario.PlainText);
        _batch = Enumerable.Repeat(_message, BatchSize).ToArray();
        _setup = await WireSetup.StartAsync(_message, ExchangeMessageFormat.Items, basic: false, maxConcurrentRequests: Callers);
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _setup.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw HttpClient, one message per request", OperationsPerInvoke = MessagesPerInvoke)]
    public Task Raw() => RunAsync(1, () => _setup.Raw.PostAsync());

    [Benchmark(Description = "SendAsync(message)", OperationsPerInvoke = MessagesPerInvoke)]
    public Task OneByOne() => RunAsync(1, () => _setup.Sender.SendAsync(_message));

    [Benchmark(Description = "SendAsync(10 messages)", OperationsPerInvoke = MessagesPerInvoke)]
    public Task Batch() => RunAsync(BatchSize, async () =>
    {
        var result = await _setup.Sender.SendAsync(_batch).ConfigureAwait(false);
        if (!result.AllSent)
        {
            throw new InvalidOperationException(result.ToString());
        }
    });

    private Task RunAsync(int messagesPerCall, Func<Task> send)
    {
        var calls = MessagesPerInvoke / messagesPerCall / Callers;
        var workers = new Task[Callers];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                for (var n = 0; n < calls; n++)
                {
                    await send().ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(workers);
    }
}
