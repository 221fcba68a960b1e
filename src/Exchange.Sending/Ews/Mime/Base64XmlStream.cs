namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// A write-only stream that base64-encodes what MimeKit writes straight into the request's XML output (the text of
/// <c>t:MimeContent</c>), carrying the 1–2 bytes that do not fill a quad over to the next write.
/// </summary>
internal sealed class Base64XmlStream(EwsXmlOutput output) : WriteOnlyStream
{
    private readonly byte[] _carry = new byte[3];
    private int _carryLength;

    /// <summary>Bytes of MIME received (before encoding).</summary>
    public long Count { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer) => Encode(buffer);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Encode(buffer.Span);
        await output.DrainIfFullAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Encodes the last 1–2 bytes with padding. Call once, after the last write.</summary>
    public void Complete()
    {
        if (_carryLength > 0)
        {
            output.AppendBase64(_carry.AsSpan(0, _carryLength));
            _carryLength = 0;
        }
    }

    private void Encode(ReadOnlySpan<byte> data)
    {
        Count += data.Length;
        if (_carryLength > 0)
        {
            var take = Math.Min(3 - _carryLength, data.Length);
            data[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            data = data[take..];
            if (_carryLength < 3)
            {
                return;
            }

            output.AppendBase64(_carry);
            _carryLength = 0;
        }

        var whole = data.Length / 3 * 3;
        if (whole > 0)
        {
            output.AppendBase64(data[..whole]);
        }

        data[whole..].CopyTo(_carry);
        _carryLength = data.Length - whole;
    }
}
