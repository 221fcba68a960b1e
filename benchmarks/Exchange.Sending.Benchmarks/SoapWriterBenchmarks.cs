using BenchmarkDotNet.Attributes;
using Exchange.Sending.Ews;
using Exchange.Sending.Ews.Mime;

namespace Exchange.Sending.Benchmarks;

/// <summary>
/// The SOAP writing alone, to <see cref="Stream.Null"/>, no HTTP, no server: <c>EwsEnvelopeWriter</c> with the typed
/// <c>CreateItemOperation</c> (Items) or with <c>CreateItemMimeOperation</c> (Mime: the MimeKit message is built per
/// operation, as a send does, then streamed as base64 into t:MimeContent).
/// </summary>
[MemoryDiagnoser]
public class SoapWriterBenchmarks
{
    private static readonly ExchangeMailbox From = new(LoopbackServer.SenderAddress, "Benchmark");
    private const string InternetMessageId = "<bench@example.com>";

    private ExchangeMailMessage _message = null!;

    [Params(ExchangeMessageFormat.Items, ExchangeMessageFormat.Mime)]
    public ExchangeMessageFormat Format { get; set; }

    [Params(Scenario.Plain, Scenario.Attachment1MB, Scenario.Attachment20MB)]
    public Scenario Scenario { get; set; }

    [GlobalSetup]
    public void Setup() => _message = Messages.For(Scenario);

    [Benchmark(Description = "Write CreateItem")]
    public Task Write() => WriteAsync(Stream.Null, _message, Format);

    /// <summary>Writes one CreateItem request for <paramref name="message"/> in <paramref name="format"/> to <paramref name="destination"/>.</summary>
    internal static async Task WriteAsync(Stream destination, ExchangeMailMessage message, ExchangeMessageFormat format)
    {
        var attachments = message.Attachments.ToArray();
        IEwsOperation operation = format == ExchangeMessageFormat.Mime
            ? new CreateItemMimeOperation(MimeMessageFactory.Create(message, From, InternetMessageId, attachments),
                MimeItemProperties.From(message), CreateItemOperation.SendAndSaveCopy, "sentitems")
            : new CreateItemOperation(message, From, InternetMessageId, CreateItemOperation.SendAndSaveCopy, "sentitems", attachments);
        using var output = new EwsXmlOutput(EwsOutputMode.Stream, destination);
        await EwsEnvelopeWriter.WriteAsync(output, ExchangeVersion.Exchange2013_SP1, operation, CancellationToken.None);
    }
}
