using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks;

/// <summary>
/// One <see cref="ExchangeMailSender.SendAsync(ExchangeMailMessage, CancellationToken)"/> over real HTTP on loopback to
/// the bundled EWS server in a child process (so the Allocated column is the client's alone): CreateItem with
/// SendAndSaveCopy, response parsed, for each <see cref="ExchangeMessageFormat"/> (set explicitly: no probe) and
/// <see cref="Scenario"/>. One server and one sender (one pooled connection) per parameter set.
/// </summary>
[MemoryDiagnoser]
public class SendBenchmarks
{
    private LoopbackServer _server = null!;
    private ExchangeMailSender _sender = null!;
    private ExchangeMailMessage _message = null!;

    [Params(ExchangeMessageFormat.Items, ExchangeMessageFormat.Mime)]
    public ExchangeMessageFormat Format { get; set; }

    [Params(Scenario.Plain, Scenario.Attachment1MB, Scenario.Attachment20MB)]
    public Scenario Scenario { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_server, _sender) = await SendSetup.StartAsync(ServerMode.OutOfProcess, Format);
        _message = Messages.For(Scenario);
        await SendSetup.WarmUpAsync(_sender, _message, Format, Scenario);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sender.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Description = "Send")]
    public Task<ExchangeSendResult> Send() => _sender.SendAsync(_message);
}

/// <summary>
/// As <see cref="SendBenchmarks"/> with the server in the benchmark process (its allocations counted too), with and
/// without schema validation; plain and 1 MB only, to keep the run short.
/// </summary>
[MemoryDiagnoser]
public class InProcessSendBenchmarks
{
    private LoopbackServer _server = null!;
    private ExchangeMailSender _sender = null!;
    private ExchangeMailMessage _message = null!;

    [Params(ServerMode.InProcess, ServerMode.InProcessXsd)]
    public ServerMode Server { get; set; }

    [Params(ExchangeMessageFormat.Items, ExchangeMessageFormat.Mime)]
    public ExchangeMessageFormat Format { get; set; }

    [Params(Scenario.Plain, Scenario.Attachment1MB)]
    public Scenario Scenario { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_server, _sender) = await SendSetup.StartAsync(Server, Format);
        _message = Messages.For(Scenario);
        await SendSetup.WarmUpAsync(_sender, _message, Format, Scenario);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _sender.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Description = "Send")]
    public async Task<ExchangeSendResult> Send()
    {
        var result = await _sender.SendAsync(_message);
        _server.ClearHistory();   // the in-process server's record of each send would otherwise accumulate
        return result;
    }
}

internal static class SendSetup
{
    public static ExchangeMailSender CreateSender(string serverUrl, ExchangeMessageFormat format) => new(new ExchangeConnectionOptions
    {
        SystemName = "bench",
        ServerUrl = serverUrl,
        AllowInsecureHttp = true,
        SenderAddress = LoopbackServer.SenderAddress,
        SenderName = "Benchmark",
        LogMode = ExchangeLogMode.Off,
        MaxRetryAttempts = 0,
        MessageFormat = format,
    });

    public static async Task<(LoopbackServer, ExchangeMailSender)> StartAsync(ServerMode mode, ExchangeMessageFormat format)
    {
        var server = await LoopbackServer.StartAsync(mode);
        return (server, CreateSender(server.ServerUrl, format));
    }

    /// <summary>Opens the pooled connection, checks the format took effect, prints the request size (BenchmarkDotNet's log keeps it).</summary>
    public static async Task WarmUpAsync(ExchangeMailSender sender, ExchangeMailMessage message, ExchangeMessageFormat format, Scenario scenario)
    {
        var result = await sender.SendAsync(message);
        if (result.MessageFormat != format || result.RequestCount != 1)
        {
            throw new InvalidOperationException($"Expected one {format} request, got {result.RequestCount} as {result.MessageFormat}.");
        }

        Console.WriteLine($"// RequestBytes {format} {scenario}: {result.RequestBytes:N0}");
    }
}
