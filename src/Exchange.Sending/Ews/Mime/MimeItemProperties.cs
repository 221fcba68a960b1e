using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// What travels typed beside <c>t:MimeContent</c>: Bcc (never in the MIME) and the properties a server may ignore when it
/// converts MIME (gromox drops receipt requests; Exchange maps them from headers). All are written in schema order.
/// </summary>
internal sealed record MimeItemProperties(
    ExchangeSensitivity Sensitivity,
    IReadOnlyList<string> Categories,
    ExchangeImportance Importance,
    IReadOnlyList<ExchangeMailbox> Bcc,
    bool IsReadReceiptRequested,
    bool IsDeliveryReceiptRequested)
{
    public static MimeItemProperties From(ExchangeMailMessage message) => new(
        message.Sensitivity, message.Categories.ToArray(), message.Importance, message.Bcc.ToArray(),
        message.IsReadReceiptRequested, message.IsDeliveryReceiptRequested);

    /// <summary>From a MimeKit message's headers: Bcc (groups flattened), Importance/X-Priority, Sensitivity,
    /// Keywords and Disposition-Notification-To.</summary>
    public static MimeItemProperties From(MimeMessage message)
    {
        var importance = message.Importance switch
        {
            MessageImportance.High => ExchangeImportance.High,
            MessageImportance.Low => ExchangeImportance.Low,
            _ => message.XPriority switch
            {
                XMessagePriority.Highest or XMessagePriority.High => ExchangeImportance.High,
                XMessagePriority.Lowest or XMessagePriority.Low => ExchangeImportance.Low,
                _ => ExchangeImportance.Normal,
            },
        };
        var sensitivity = message.Headers[HeaderId.Sensitivity]?.Trim().ToLowerInvariant() switch
        {
            "personal" => ExchangeSensitivity.Personal,
            "private" => ExchangeSensitivity.Private,
            "company-confidential" or "confidential" => ExchangeSensitivity.Confidential,
            _ => ExchangeSensitivity.Normal,
        };
        var categories = message.Headers[HeaderId.Keywords] is { } keywords
            ? keywords.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        var bcc = message.Bcc.Mailboxes.Select(m => new ExchangeMailbox(m.Address, string.IsNullOrEmpty(m.Name) ? null : m.Name)).ToArray();
        return new(sensitivity, categories, importance, bcc, message.Headers.Contains(HeaderId.DispositionNotificationTo), false);
    }
}
