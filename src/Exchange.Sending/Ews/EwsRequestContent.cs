using System.Net;

namespace Exchange.Sending.Ews;

/// <summary>
/// The request body as <see cref="HttpContent"/>, always framed with an exact <c>Content-Length</c> (never chunked:
/// gromox rejects chunked bodies, and Exchange's proxies and WAFs expect what the EWS Managed API sends).
/// <list type="bullet">
/// <item>A small request (no attachments, a small body) is written whole into a pooled buffer first and leaves in one
/// socket write, headers and body together, as a pre-built <see cref="ByteArrayContent"/> does.</item>
/// <item>A larger one is measured by a pass that writes everything but the attachment bytes (base64 of n bytes is
/// 4·⌈n/3⌉ characters and needs no XML escaping), then streamed from its sources; nothing holds the whole body.</item>
/// </list>
/// Each serialisation writes afresh, so a 401 handshake can resend it.
/// </summary>
internal sealed class EwsRequestContent : HttpContent
{
    private readonly ExchangeVersion _version;
    private readonly IEwsOperation _operation;
    private readonly EwsImpersonation? _impersonation;
    private EwsXmlOutput? _prebuilt;
    private long _length;
    private long _sent;

    private EwsRequestContent(ExchangeVersion version, IEwsOperation operation, EwsImpersonation? impersonation)
    {
        _version = version;
        _impersonation = impersonation;
        _operation = operation;
        // As text: a MediaTypeHeaderValue would be built and formatted again for every request.
        Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=utf-8");
    }

    /// <summary>Builds (small) or measures (large) the request so its Content-Length is known before the first byte is sent.</summary>
    public static async ValueTask<EwsRequestContent> CreateAsync(ExchangeVersion version, IEwsOperation operation, CancellationToken cancellationToken,
        EwsImpersonation? impersonation = null)
    {
        var content = new EwsRequestContent(version, operation, impersonation);
        if (operation.IsSmall)
        {
            var output = new EwsXmlOutput(EwsOutputMode.Buffer, null);
            try
            {
                await EwsEnvelopeWriter.WriteAsync(output, version, operation, cancellationToken, impersonation).ConfigureAwait(false);
            }
            catch
            {
                output.Dispose();
                throw;
            }

            content._prebuilt = output;
            content._length = output.Buffered.Length;
        }
        else
        {
            using var output = new EwsXmlOutput(EwsOutputMode.Measure, null);
            await EwsEnvelopeWriter.WriteAsync(output, version, operation, cancellationToken, impersonation).ConfigureAwait(false);
            content._length = output.Length;
        }

        content.Headers.ContentLength = content._length;
        return content;
    }

    /// <summary><see langword="true"/> once a write reached the end of the body: the server may have the whole request.</summary>
    public bool Completed { get; private set; }

    /// <summary><see langword="true"/> once any write of the body started: some of it may have reached the server.</summary>
    public bool Started { get; private set; }

    /// <summary>Bytes of the body handed to the connection by the last write.</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>The body's length in bytes (its Content-Length).</summary>
    public long BytesWritten => _length;

    /// <summary><see langword="true"/> when the body is sent from a buffer in one write.</summary>
    public bool IsPrebuilt => _prebuilt is not null;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Completed = false;
        Started = true;
        Interlocked.Exchange(ref _sent, 0);
        if (_prebuilt is not null)
        {
            await stream.WriteAsync(_prebuilt.Buffered, cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _sent, _length);
        }
        else
        {
            using var output = new EwsXmlOutput(EwsOutputMode.Stream, new SentCounter(stream, this));
            await EwsEnvelopeWriter.WriteAsync(output, _version, _operation, cancellationToken, _impersonation).ConfigureAwait(false);
            if (output.Length != _length)
            {
                // A bug, not a network failure: the measuring pass and the write disagree.
                throw new InvalidOperationException($"{_operation.Name} wrote {output.Length} bytes but its Content-Length is {_length}.");
            }
        }

        Completed = true;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _prebuilt?.Dispose();
            _prebuilt = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>Counts what reaches the connection, so an upload cut short can say how far it got.</summary>
    private sealed class SentCounter(Stream inner, EwsRequestContent owner) : WriteOnlyStream
    {
        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Interlocked.Add(ref owner._sent, buffer.Length);
        }

        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref owner._sent, buffer.Length);
        }
    }
}
