namespace Exchange.Sending.Ews;

/// <summary>
/// EWS <c>CreateItem</c> of several <c>t:Message</c> items in one request, all with one <c>MessageDisposition</c> and
/// <c>SavedItemFolderId</c> (both are per request). The server answers one <c>CreateItemResponseMessage</c> per item, in
/// order (https://learn.microsoft.com/en-us/exchange/client-developer/exchange-web-services/how-to-process-email-messages-in-batches-by-using-ews-in-exchange).
/// </summary>
internal sealed class CreateItemBatchOperation(IReadOnlyList<CreateItemBatchOperation.Item> items, string messageDisposition, EwsFolderTarget? savedItemFolder)
    : IEwsOperation
{
    /// <summary>One message of the request, as CreateItemOperation takes it.</summary>
    internal sealed record Item(ExchangeMailMessage Message, ExchangeMailbox From, ExchangeMailbox? Sender, string InternetMessageId, IReadOnlyList<ExchangeAttachment> Attachments);

    /// <summary>A message's own impersonation, or <see langword="null"/> for the connection's.</summary>
    public EwsImpersonation? Impersonation { get; init; }

    public string Name => "CreateItem";

    public string MessageDisposition => messageDisposition;

    public bool SendsMessage => messageDisposition != CreateItemOperation.SaveOnly;

    public int ExpectedResponseMessages => items.Count;

    public long AttachmentBytes => items.Sum(i => i.Attachments.Sum(a => a.Length ?? 0));

    public bool HasSingleUseContent => items.Any(i => i.Attachments.Any(a => !a.IsReplayable));

    public bool IsSmall => items.All(i => i.Attachments.Count == 0) && items.Sum(i => (long)(i.Message.Body?.Content.Length ?? 0)) <= CreateItemOperation.SmallBodyChars;

    public async Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        EwsItemWriter.WriteCreateItemStart(w, messageDisposition, savedItemFolder);
        foreach (var item in items)
        {
            await EwsItemWriter.WriteMessageAsync(output, item.Message, item.From, item.Sender, item.InternetMessageId, item.Attachments, cancellationToken).ConfigureAwait(false);
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }
}
