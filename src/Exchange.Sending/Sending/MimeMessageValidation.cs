using MimeKit;

namespace Exchange.Sending.Sending;

/// <summary>
/// Checks a caller's MimeKit message before any network I/O, with the same rules as <see cref="ExchangeMailMessageValidator"/>
/// where they apply: at least one recipient and every address an SMTP address. The message is written twice (measured
/// for its Content-Length, then sent); MimeKit's <see cref="MimeContent"/> already requires seekable streams for that.
/// </summary>
internal static class MimeMessageValidation
{
    public static IReadOnlyList<ExchangeValidationError> Validate(MimeMessage message)
    {
        var errors = new List<ExchangeValidationError>();
        var to = message.To.Mailboxes.ToList();
        var cc = message.Cc.Mailboxes.ToList();
        var bcc = message.Bcc.Mailboxes.ToList();
        if (to.Count + cc.Count + bcc.Count == 0)
        {
            errors.Add(new("To", "The message has no recipients; add at least one address to To, Cc or Bcc."));
        }

        Check(errors, "From", message.From.Mailboxes);
        Check(errors, "To", to);
        Check(errors, "Cc", cc);
        Check(errors, "Bcc", bcc);
        Check(errors, "ReplyTo", message.ReplyTo.Mailboxes);

        // X- headers also travel typed beside the MIME, in XML, which cannot carry control characters.
        foreach (var header in message.Headers.Where(h => h.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
        {
            if (ValidationRules.IndexOfInvalidXmlChar(header.Value) is var at and >= 0)
            {
                errors.Add(new("Headers", $"Header '{header.Field}' has a character XML cannot carry at position {at} (a control character); remove it."));
            }
        }

        return errors;
    }

    private static void Check(List<ExchangeValidationError> errors, string field, IEnumerable<MailboxAddress> mailboxes)
    {
        foreach (var mailbox in mailboxes)
        {
            if (!ValidationRules.IsSmtpAddress(mailbox.Address))
            {
                errors.Add(new(field, $"'{mailbox.Address}' in {field} is not an SMTP address; use the form name@example.com."));
            }
        }
    }
}
