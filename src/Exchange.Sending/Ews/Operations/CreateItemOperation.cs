namespace Exchange.Sending.Ews;

/// <summary>EWS <c>CreateItem</c> of one <c>t:Message</c> with a <c>MessageDisposition</c>
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/createitem-operation-email-message).</summary>
internal sealed class CreateItemOperation(
    ExchangeMailMessage message, ExchangeMailbox from, string internetMessageId, string messageDisposition, EwsFolderTarget? savedItemFolder,
    IReadOnlyList<ExchangeAttachment> attachments, ExchangeMailbox? sender = null)
    : IEwsOperation
{
    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public const string SendAndSaveCopy = "SendAndSaveCopy";
    public const string SendOnly = "SendOnly";
    public const string SaveOnly = "SaveOnly";

    public string Name => "CreateItem";

    public string MessageDisposition => messageDisposition;

    public bool SendsMessage => messageDisposition != CreateItemOperation.SaveOnly;

    // Bodies up to this many characters are built in memory and sent in one write.
    internal const int SmallBodyChars = 64 * 1024;

    public long AttachmentBytes => attachments.Sum(a => a.Length ?? 0);

    public bool HasSingleUseContent => attachments.Any(a => !a.IsReplayable);

    public bool IsSmall => attachments.Count == 0 && (message.Body?.Content.Length ?? 0) <= SmallBodyChars;

    public async Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        EwsItemWriter.WriteCreateItemStart(w, messageDisposition, savedItemFolder);
        await EwsItemWriter.WriteMessageAsync(output, message, from, sender, internetMessageId, attachments, cancellationToken).ConfigureAwait(false);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
