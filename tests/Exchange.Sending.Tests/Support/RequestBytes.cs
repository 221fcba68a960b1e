using Exchange.Sending.Ews;
using FluentAssertions;

namespace Exchange.Sending.Tests.Support;

/// <summary>Writes a request in every mode of <see cref="EwsXmlOutput"/> and proves they agree: the streamed bytes equal the
/// buffered bytes, and the measuring pass (which reads no attachment content) predicts their length exactly.</summary>
internal static class RequestBytes
{
    public static async Task<byte[]> WriteAsync(IEwsOperation operation, ExchangeVersion version = ExchangeVersion.Exchange2013_SP1)
    {
        using var streamed = new MemoryStream();
        using (var output = new EwsXmlOutput(EwsOutputMode.Stream, streamed, EwsEnvelopeWriter.Settings))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
        }

        long measured;
        using (var output = new EwsXmlOutput(EwsOutputMode.Measure, null, EwsEnvelopeWriter.Settings))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
            measured = output.Length;
        }

        byte[] buffered;
        using (var output = new EwsXmlOutput(EwsOutputMode.Buffer, null, EwsEnvelopeWriter.Settings))
        {
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, CancellationToken.None);
            buffered = output.Buffered.ToArray();
        }

        var bytes = streamed.ToArray();
        measured.Should().Be(bytes.Length, $"the measuring pass must predict the Content-Length of {operation.Name} exactly");
        buffered.Should().Equal(bytes, "a buffered request must be byte-identical to a streamed one");
        return bytes;
    }
}
