namespace Exchange.Sending.Sending;

/// <summary>
/// Makes every attachment of one send replayable with a known length, because the request's Content-Length is computed
/// before it is sent and a 401 handshake or a retry writes the body again. Attachments from a non-seekable stream (length
/// unknown, readable once) are copied to a temporary file first, which is deleted when the send ends; files, byte arrays
/// and seekable streams are used as they are. The caller's message is not changed. The file is readable by this user only
/// and, on Linux and macOS, unlinked as soon as it is created, so nothing remains even if the process dies mid-send.
/// </summary>
internal sealed class AttachmentSpool : IAsyncDisposable
{
    // Most messages have no attachments: one shared spool, nothing to copy or dispose (issue 10).
    private static readonly Task<AttachmentSpool> NoAttachments = Task.FromResult(new AttachmentSpool([]));

    private List<FileStream>? _files;

    private AttachmentSpool(IReadOnlyList<ExchangeAttachment> attachments) => Attachments = attachments;

    /// <summary>Paths of the temporary files (for tests: gone after disposal; on Unix already unlinked while in use).</summary>
    internal IReadOnlyList<string> SpoolPaths => _files?.Select(f => f.Name).ToArray() ?? [];

    /// <summary>The attachments to send, in the message's order.</summary>
    public IReadOnlyList<ExchangeAttachment> Attachments { get; }

    public static Task<AttachmentSpool> CreateAsync(IList<ExchangeAttachment> attachments, CancellationToken cancellationToken) =>
        attachments.Count == 0 ? NoAttachments : SpoolAsync(attachments, cancellationToken);

    private static async Task<AttachmentSpool> SpoolAsync(IList<ExchangeAttachment> attachments, CancellationToken cancellationToken)
    {
        if (attachments.All(a => a.IsReplayable && a.Length is not null))
        {
            return new AttachmentSpool(attachments.ToArray());
        }

        var result = new ExchangeAttachment[attachments.Count];
        var spool = new AttachmentSpool(result);
        try
        {
            for (var i = 0; i < attachments.Count; i++)
            {
                result[i] = attachments[i].IsReplayable && attachments[i].Length is not null
                    ? attachments[i]
                    : await spool.CopyToFileAsync(attachments[i], cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return spool;
    }

    private async Task<ExchangeAttachment> CopyToFileAsync(ExchangeAttachment attachment, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "exchange-sending-" + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Attachment content is nobody else's business: readable and writable by this user only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        (_files ??= []).Add(file);
        if (!OperatingSystem.IsWindows())
        {
            // Unlinked at once, the open handle keeps the data: nothing is left behind even if the process exits
            // without disposing (on Windows, DeleteOnClose does that when the handle closes).
            File.Delete(path);
        }

        try
        {
            await using var source = attachment.OpenRead();
            await source.CopyToAsync(file, 81920, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new Ews.EwsContentException(attachment, ex);
        }

        file.Position = 0;
        return attachment.WithContent(file);
    }

    public async ValueTask DisposeAsync()
    {
        if (_files is null)
        {
            return;
        }

        foreach (var file in _files)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }

        _files.Clear();
    }
}
