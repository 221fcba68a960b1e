using Exchange.Sending.Ews;
using FluentAssertions;

namespace Exchange.Sending.Tests.Support;

/// <summary>Writes a request in every mode of <see cref="EwsXmlOutput"/> and proves they agree: the streamed bytes equal the
/// buffered bytes, the measuring pass (which reads no attachment content) predicts their length exactly, and
/// <see cref="EwsUtf8Writer"/> writes byte for byte what <see cref="System.Xml.XmlWriter"/> writes with
/// <see cref="EwsEnvelopeWriter.Settings"/>.</summary>
internal static class RequestBytes
{
    public static async Task<byte[]> WriteAsync(IEwsOperation operation, ExchangeVersion version = ExchangeVersion.Exchange2013_SP1)
    {
        using var streamed = new MemoryStream();
        using (var output = new EwsXmlOutput(EwsOutputMode.Stream, streamed))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
        }

        long measured;
        using (var output = new EwsXmlOutput(EwsOutputMode.Measure, null))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
            measured = output.Length;
        }

        byte[] buffered;
        using (var output = new EwsXmlOutput(EwsOutputMode.Buffer, null))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
            buffered = output.Buffered.ToArray();
        }

        byte[] reference;
        using (var output = new EwsXmlOutput(EwsOutputMode.Buffer, null, EwsEnvelopeWriter.Settings))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
            reference = output.Buffered.ToArray();
        }

        var bytes = streamed.ToArray();
        System.Text.Encoding.UTF8.GetString(bytes).Should().Be(System.Text.Encoding.UTF8.GetString(reference),
            $"EwsUtf8Writer must write {operation.Name} exactly as XmlWriter does");
        bytes.Should().Equal(reference);
        measured.Should().Be(bytes.Length, $"the measuring pass must predict the Content-Length of {operation.Name} exactly");
        buffered.Should().Equal(bytes, "a buffered request must be byte-identical to a streamed one");
        return bytes;
    }
}
