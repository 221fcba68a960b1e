using BenchmarkDotNet.Attributes;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Benchmarks;

/// <summary>The SOAP writing alone: <c>EwsEnvelopeWriter</c> + <c>CreateItemOperation</c> to <see cref="Stream.Null"/>, no HTTP, no server.</summary>
[MemoryDiagnoser]
public class SoapWriterBenchmarks
{
    private static readonly ExchangeMailbox From = new(LoopbackServer.SenderAddress, "Benchmark");
    private ExchangeMailMessage _plain = null!;
    private ExchangeMailMessage _withAttachment = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plain = Messages.Plain();
        _withAttachment = Messages.WithAttachment(Messages.OneMegabyte);
    }

    [Benchmark(Baseline = true, Description = "Write CreateItem, plain text")]
    public Task WritePlain() => Write(_plain);

    [Benchmark(Description = "Write CreateItem, 1 MB attachment")]
    public Task WriteWith1MbAttachment() => Write(_withAttachment);

    private static async Task Write(ExchangeMailMessage message)
    {
        using var output = new EwsXmlOutput(EwsOutputMode.Stream, Stream.Null, EwsEnvelopeWriter.Settings);
        await EwsEnvelopeWriter.WriteAsync(output, ExchangeVersion.Exchange2013_SP1,
            new CreateItemOperation(message, From, "<bench@example.com>", CreateItemOperation.SendAndSaveCopy, "sentitems", message.Attachments.ToArray()),
            CancellationToken.None);
    }
}
