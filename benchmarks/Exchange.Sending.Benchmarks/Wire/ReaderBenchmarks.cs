using System.Xml;
using BenchmarkDotNet.Attributes;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// The response reading alone: <c>EwsResponseReader.ReadAsync</c> over the CreateItem response the bundled server gives
/// to scenario (a), from memory (no HTTP); beside it the floor of any XmlReader-based reading, a fresh
/// <see cref="XmlReader"/> that visits every node and keeps nothing.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, CheckCharacters = false };

    private byte[] _response = null!;

    [GlobalSetup]
    public async Task SetupAsync() => _response = await CannedResponse.CreateItemAsync();

    [Benchmark(Baseline = true, Description = "XmlReader, every node, nothing kept")]
    public int Floor()
    {
        using var reader = XmlReader.Create(new MemoryStream(_response, writable: false), Settings);
        var n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    private readonly XmlReaderSettings _shared = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, CheckCharacters = false, NameTable = new NameTable() };

    [Benchmark(Description = "XmlReader, shared NameTable")]
    public int SharedNames()
    {
        using var reader = XmlReader.Create(new MemoryStream(_response, writable: false), _shared);
        var n = 0;
        while (reader.Read())
        {
            n++;
        }

        return n;
    }

    [Benchmark(Description = "EwsResponseReader.ReadAsync, the same answer again")]
    public async Task<int> Ours() => (await EwsResponseReader.ReadAsync(new MemoryStream(_response, writable: false), CancellationToken.None)).Messages.Count;

    private byte[] _other = null!;
    private bool _flip;

    /// <summary>Two answers that differ in one byte, in turn: each is parsed (the thread's last answer never matches).</summary>
    [Benchmark(Description = "EwsResponseReader.ReadAsync, a different answer each time")]
    public async Task<int> OursParsing()
    {
        _other ??= Differing(_response);
        _flip = !_flip;
        return (await EwsResponseReader.ReadAsync(new MemoryStream(_flip ? _other : _response, writable: false), CancellationToken.None)).Messages.Count;
    }

    // The same answer with MinorBuildNumber's last digit changed.
    private static byte[] Differing(byte[] response)
    {
        var copy = (byte[])response.Clone();
        var at = System.Text.Encoding.UTF8.GetString(copy).IndexOf("MinorBuildNumber=\"", StringComparison.Ordinal) + "MinorBuildNumber=\"".Length;
        copy[at] = copy[at] == (byte)'7' ? (byte)'8' : (byte)'7';
        return copy;
    }
}

/// <summary>The bundled server's answer to scenario (a)'s CreateItem, captured once.</summary>
internal static class CannedResponse
{
    public static async Task<byte[]> CreateItemAsync()
    {
        await using var server = await LoopbackServer.StartAsync(ServerMode.InProcess);
        var capture = new RequestCapture();
        using var sender = new ExchangeMailSender(WireSetup.Options(server.ServerUrl, ExchangeMessageFormat.Items, basic: false, 8), null, capture);
        await sender.SendAsync(WireMessages.For(WireScenario.PlainText));
        return capture.LastResponse!;
    }
}
