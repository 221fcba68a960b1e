namespace Exchange.Sending;

/// <summary>
/// A file attachment, sent as an EWS <c>t:FileAttachment</c>. Its content is read from its source while the
/// request is written and base64-encoded in chunks: the library never holds a whole attachment in memory.
/// </summary>
/// <remarks>
/// An attachment with a <see cref="ContentId"/> and <see cref="IsInline"/> set is an inline part the HTML body
/// references as <c>cid:{ContentId}</c>. Sources: a file path (opened for each write), a byte array, or a
/// stream. A non-seekable stream (length unknown, readable once) is copied to a temporary file before the
/// send, which is deleted when the send ends: the request's Content-Length must be known before it is sent.
/// </remarks>
public sealed class ExchangeAttachment
{
    private readonly Func<Stream> _open;
    private readonly bool _singleUse;
    private int _opened;

    private ExchangeAttachment(string name, string? contentType, Func<Stream> open, long? length, bool singleUse, string? sourceDescription)
    {
        Name = name;
        ContentType = contentType;
        _open = open;
        Length = length;
        _singleUse = singleUse;
        SourceDescription = sourceDescription;
    }

    /// <summary>File name shown to recipients (<c>t:Name</c>).</summary>
    public string Name { get; }

    /// <summary>MIME type (<c>t:ContentType</c>), e.g. <c>application/pdf</c>; <see langword="null"/> lets the server decide.</summary>
    public string? ContentType { get; }

    /// <summary>Content-ID (<c>t:ContentId</c>) the HTML body references as <c>cid:</c>; <see langword="null"/> for ordinary attachments.</summary>
    public string? ContentId { get; private init; }

    /// <summary><see langword="true"/> for an inline part (<c>t:IsInline</c>).</summary>
    public bool IsInline { get; private init; }

    /// <summary>Length of the content in bytes when known in advance (file, byte array, seekable stream).</summary>
    public long? Length { get; }

    /// <summary>Where the content comes from, for error messages (a file path, "bytes", "stream").</summary>
    internal string? SourceDescription { get; }

    /// <summary><see langword="true"/> when the content can be read more than once.</summary>
    public bool IsReplayable => !_singleUse;

    /// <summary>An attachment read from a file each time the request is written.</summary>
    /// <param name="path">Path of an existing, readable file.</param>
    /// <param name="name">File name shown to recipients; default: the file's name.</param>
    /// <param name="contentType">MIME type; default: none (the server decides).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (checked now, before any network I/O).</exception>
    public static ExchangeAttachment FromFile(string path, string? name = null, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"Attachment file '{path}' does not exist. Check the path.", path);
        }

        var full = info.FullName;
        return new ExchangeAttachment(name ?? info.Name, contentType,
            () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous),
            info.Length, singleUse: false, full);
    }

    /// <summary>An attachment whose content is a byte array (not copied).</summary>
    /// <param name="name">File name shown to recipients.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="contentType">MIME type, or <see langword="null"/>.</param>
    public static ExchangeAttachment FromBytes(string name, byte[] content, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new ExchangeAttachment(name, contentType, () => new MemoryStream(content, writable: false), content.Length, singleUse: false, "bytes");
    }

    /// <summary>An attachment read from a stream. A seekable stream is rewound to its position at creation for each
    /// write; a non-seekable stream is read once, into a temporary file that is deleted when the send ends (the request's
    /// Content-Length must be known before it is sent, and a retry or a 401 handshake writes the body again). The caller keeps
    /// ownership and disposes it after the send.</summary>
    /// <param name="name">File name shown to recipients.</param>
    /// <param name="content">A readable stream.</param>
    /// <param name="contentType">MIME type, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="content"/> is not readable.</exception>
    public static ExchangeAttachment FromStream(string name, Stream content, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead)
        {
            throw new ArgumentException("The attachment stream must be readable.", nameof(content));
        }

        if (content.CanSeek)
        {
            var start = content.Position;
            return new ExchangeAttachment(name, contentType, () =>
            {
                content.Position = start;
                return new NonClosingStream(content);
            }, content.Length - start, singleUse: false, "stream");
        }

        return new ExchangeAttachment(name, contentType, () => new NonClosingStream(content), null, singleUse: true, "stream");
    }

    /// <summary>Returns a copy that is an inline part referenced from the HTML body as <c>cid:{contentId}</c>.</summary>
    /// <param name="contentId">The Content-ID, without angle brackets, e.g. <c>logo@example</c>.</param>
    public ExchangeAttachment AsInline(string contentId) =>
        new(Name, ContentType, _open, Length, _singleUse, SourceDescription) { ContentId = contentId, IsInline = true };

    /// <summary>The same attachment (name, type, inline Content-ID) with its content from a seekable stream, such as a spooled copy.</summary>
    internal ExchangeAttachment WithContent(Stream seekable)
    {
        var copy = FromStream(Name, seekable, ContentType);
        return IsInline ? copy.AsInline(ContentId!) : copy;
    }

    /// <summary>Opens the content for one write of the request.</summary>
    /// <exception cref="InvalidOperationException">A non-seekable stream was already written once.</exception>
    internal Stream OpenRead()
    {
        if (_singleUse && Interlocked.Exchange(ref _opened, 1) == 1)
        {
            throw new InvalidOperationException($"Attachment '{Name}' comes from a non-seekable stream that was already sent once; pass a seekable stream, a file or bytes so it can be written again.");
        }

        return _open();
    }

    /// <summary>Name, type and length; never the content.</summary>
    public override string ToString() => $"{Name} ({ContentType ?? "no type"}, {(Length is { } l ? l + " bytes" : "length unknown")}{(IsInline ? ", inline cid:" + ContentId : "")})";

    /// <summary>Lets the library dispose what it opened without closing the caller's stream.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
