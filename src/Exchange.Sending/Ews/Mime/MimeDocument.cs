using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// One message as MIME, ready to be written into <c>t:MimeContent</c> any number of times with identical bytes (the
/// boundaries, Date and Message-ID are fixed when it is built). Bcc and Resent-Bcc headers are never written.
/// </summary>
internal sealed class MimeDocument
{
    private readonly IReadOnlyList<AttachmentMimeContent> _streamed;
    private long? _length;

    private readonly FormatOptions _format;

    public MimeDocument(MimeMessage message, IReadOnlyList<AttachmentMimeContent> streamed)
        : this(message, streamed, Standard)
    {
    }

    private MimeDocument(MimeMessage message, IReadOnlyList<AttachmentMimeContent> streamed, FormatOptions format)
    {
        Message = message;
        _streamed = streamed;
        _format = format;
    }

    public MimeMessage Message { get; }

    /// <summary>How MIME is written: CRLF line ends (RFC 5322), Bcc hidden.</summary>
    private static FormatOptions Standard { get; } = CreateFormat();

    /// <summary>CRLF line ends, nothing hidden: for the body, whose attached messages keep all their headers.</summary>
    private static FormatOptions Plain { get; } = CreatePlain();

    /// <summary>As <see cref="Standard"/>, with To and Cc hidden too: the copy for Bcc recipients on a server that adds the
    /// MIME's header recipients to the typed ones (gromox).</summary>
    private static FormatOptions WithoutRecipients { get; } = CreateFormat(HeaderId.To, HeaderId.Cc);

    /// <summary>The same message written without To and Cc headers (its own length is measured separately).</summary>
    public MimeDocument WithoutRecipientHeaders() => new(Message, _streamed, WithoutRecipients);

    /// <summary>Sum of the streamed attachments' lengths (bytes before encoding).</summary>
    public long AttachmentBytes => _streamed.Sum(c => c.Attachment.Length ?? 0);

    public bool HasSingleUseContent => _streamed.Any(c => !c.Attachment.IsReplayable);

    /// <summary>Length in bytes of the MIME, measured once without reading attachment content.</summary>
    public async ValueTask<long> MeasureAsync(CancellationToken cancellationToken)
    {
        if (_length is { } known)
        {
            return known;
        }

        var measure = new MimeMeasure();
        foreach (var content in _streamed)
        {
            content.Measure = measure;
        }

        try
        {
            await using var counter = new CountingStream();
            await WriteToAsync(counter, cancellationToken).ConfigureAwait(false);
            _length = counter.Count + measure.Skipped;
            return _length.Value;
        }
        finally
        {
            foreach (var content in _streamed)
            {
                content.Measure = null;
            }
        }
    }

    /// <summary>Writes the top-level headers with <see cref="_format"/>'s hidden ones left out, then the body with nothing
    /// hidden: MimeKit applies hidden headers to attached messages (message/rfc822) too, which must arrive unchanged.</summary>
    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        await Message.WriteToAsync(_format, destination, headersOnly: true, cancellationToken).ConfigureAwait(false);
        if (Message.Body is { } body)
        {
            await body.WriteToAsync(Plain, destination, contentOnly: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FormatOptions CreatePlain()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static FormatOptions CreateFormat(params HeaderId[] alsoHidden)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.HiddenHeaders.Add(HeaderId.Bcc);
        format.HiddenHeaders.Add(HeaderId.ResentBcc);
        foreach (var header in alsoHidden)
        {
            format.HiddenHeaders.Add(header);
        }

        return format;
    }

    /// <summary>Counts what is written and keeps nothing.</summary>
    private sealed class CountingStream : WriteOnlyStream
    {
        public long Count { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;
    }
}
