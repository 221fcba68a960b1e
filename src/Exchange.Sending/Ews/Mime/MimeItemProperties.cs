using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// What travels typed beside <c>t:MimeContent</c>: Bcc (never in the MIME) and the properties a server may ignore when it
/// converts MIME (gromox drops custom X- headers from MIME but takes them as InternetHeaders extended properties; a typed
/// value wins over the header on gromox and matches it on Exchange). All are written in schema order.
/// </summary>
internal sealed record MimeItemProperties(
    ExchangeSensitivity Sensitivity,
    IList<string> Categories,
    ExchangeImportance Importance,
    IReadOnlyList<ExchangeMailbox> Bcc,
    bool IsReadReceiptRequested,
    bool IsDeliveryReceiptRequested,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static MimeItemProperties From(ExchangeMailMessage message) => new(
        message.Sensitivity, message.Categories.ToArray(), message.Importance, message.Bcc.ToArray(),
        message.IsReadReceiptRequested, message.IsDeliveryReceiptRequested, message.Headers.ToArray());

    /// <summary>From a MimeKit message's headers: Bcc (groups flattened), Importance/X-Priority, Sensitivity,
    /// Keywords, Disposition-Notification-To, Return-Receipt-To and X- headers.</summary>
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
        var custom = message.Headers.Where(h => h.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Field, h.Value)).ToArray();
        return new(sensitivity, categories, importance, bcc, message.Headers.Contains(HeaderId.DispositionNotificationTo),
            message.Headers.Contains(HeaderId.ReturnReceiptTo), custom);
    }
}
