namespace Exchange.Sending.Ews;

/// <summary>Reading an attachment from its source failed while the request was being written: a local problem
/// (file deleted, stream already consumed), not a network one, and not worth retrying.</summary>
internal sealed class EwsContentException(ExchangeAttachment attachment, Exception inner)
    : Exception($"attachment '{attachment.Name}' could not be read from its source ({attachment.SourceDescription}): {inner.Message}", inner)
{
    public ExchangeAttachment Attachment { get; } = attachment;
}
