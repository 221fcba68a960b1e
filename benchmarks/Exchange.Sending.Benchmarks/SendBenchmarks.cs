using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks;

/// <summary>
/// One <see cref="ExchangeMailSender.SendAsync"/> over real HTTP on loopback to the bundled EWS server: CreateItem
/// with SendAndSaveCopy, response parsed. One server and one sender (one pooled connection) per parameter set.
/// </summary>
[MemoryDiagnoser]
public class SendBenchmarks
{
    private LoopbackServer _server = null!;
    private ExchangeMailSender _sender = null!;
    private ExchangeMailMessage _plain = null!;
    private ExchangeMailMessage _withAttachment = null!;

    [Params(ServerMode.InProcess, ServerMode.InProcessXsd, ServerMode.OutOfProcess)]
    public ServerMode Server { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await LoopbackServer.StartAsync(Server);
        _sender = new ExchangeMailSender(new ExchangeConnectionOptions
        {
            SystemName = "bench",
            ServerUrl = _server.ServerUrl,
            AllowInsecureHttp = true,
            SenderAddress = LoopbackServer.SenderAddress,
            SenderName = "Benchmark",
            LogMode = ExchangeLogMode.Off,
            MaxRetryAttempts = 0,
        });
        _plain = Messages.Plain();
        _withAttachment = Messages.WithAttachment(Messages.OneMegabyte);

        // Open the pooled connection and warm both paths before BenchmarkDotNet's own warm-up.
        await _sender.SendAsync(_plain);
        await _sender.SendAsync(_withAttachment);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sender.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Send, plain text")]
    public Task<ExchangeSendResult> PlainSend() => _sender.SendAsync(_plain);

    [Benchmark(Description = "Send, 1 MB attachment")]
    public Task<ExchangeSendResult> SendWith1MbAttachment() => _sender.SendAsync(_withAttachment);
}
