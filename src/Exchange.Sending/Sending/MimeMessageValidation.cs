using MimeKit;

namespace Exchange.Sending.Sending;

/// <summary>
/// Checks a caller's MimeKit message before any network I/O, with the same rules as <see cref="ExchangeMailMessageValidator"/>
/// where they apply: at least one recipient, every address an SMTP address, and content that can be written twice (the
/// request is measured before it is sent, so a part on a non-seekable stream is refused rather than sent cut short).
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

        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (part.Content?.Stream is { CanSeek: false })
            {
                errors.Add(new("Body", $"The MIME part '{part.FileName ?? part.ContentType.MimeType}' has its content on a non-seekable stream, which can be read only once, "
                    + "but the request's length is measured before it is sent. Load it into a MemoryStream or a file stream (MimeContent over a seekable stream)."));
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
