namespace Exchange.Sending;

/// <summary>
/// The common message (addresses, text, headers; no attachments, categories, <c>cid:</c> references or long subject)
/// proved valid without FluentValidation's machinery: the same predicates as the rules, called directly. It answers only
/// "certainly valid, no warnings"; anything else goes through every rule, which alone writes errors and warnings.
/// </summary>
/// <remarks>
/// Why: FluentValidation costs about 7 µs and 3 KB per plain message (rule and context objects, reflection in
/// <c>IsInEnum</c>), a fifth of the client's work for a plain send (issue 10). A test proves that whatever this accepts,
/// the rules accept too, with no warnings.
/// </remarks>
internal sealed partial class ExchangeMailMessageValidator
{
    private static readonly MessageValidationResult ValidWithoutWarnings = new([], []);

    /// <summary><see langword="true"/> only when every rule would pass and no warning would be given.</summary>
    internal static bool IsPlainlyValid(ExchangeMailMessage message, ExchangeConnectionOptions options)
    {
        var recipients = message.RecipientCount;
        if (recipients == 0 || recipients > options.MaxRecipientsPerMessage
            || message.Attachments.Count > 0 || message.Categories.Count > 0
            || !Enum.IsDefined(message.Importance) || !Enum.IsDefined(message.Sensitivity)
            || !IsPlainLine(message.Subject) || message.Subject is { Length: > MaxStoredSubjectLength })
        {
            return false;
        }

        if (message.ImpersonatedUser is not null)
        {
            return false;
        }

        if ((message.From is { } from && !IsPlainMailbox(from)) || (message.Sender is { } sender && !IsPlainMailbox(sender)))
        {
            return false;
        }

        if (!ArePlainMailboxes(message.To) || !ArePlainMailboxes(message.Cc) || !ArePlainMailboxes(message.Bcc) || !ArePlainMailboxes(message.ReplyTo))
        {
            return false;
        }

        if (message.Body is { } body
            && (ValidationRules.IndexOfInvalidXmlChar(body.Content) >= 0 || (body.IsHtml && InlineReferences.Find(body.Content).Count > 0)))
        {
            return false;
        }

        // Counted first: enumerating the IDictionary boxes its enumerator, 64 bytes per message even without headers.
        if (message.Headers.Count > 0)
        {
            foreach (var (name, value) in message.Headers)
            {
                if (name is null || name.Length <= 2 || !name.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || IndexOfInvalidHeaderNameChar(name) >= 0
                    || value is null || !IsPlainLine(value))
                {
                    return false;
                }
            }
        }

        return message.InternetMessageId is not { } id || (id.Length <= MaxMessageIdLength && MessageIdPattern().IsMatch(id));
    }

    private static bool ArePlainMailboxes(IList<ExchangeMailbox> mailboxes)
    {
        for (var i = 0; i < mailboxes.Count; i++)
        {
            if (mailboxes[i] is not { } mailbox || !IsPlainMailbox(mailbox))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainMailbox(ExchangeMailbox mailbox) =>
        (ValidationRules.IsPlainAsciiAddress(mailbox.Address)
         || (ValidationRules.IsSmtpAddress(mailbox.Address) && ValidationRules.AddressLengthProblem(mailbox.Address) is null))
        && IsPlainLine(mailbox.DisplayName);

    // SingleLine and XmlSafeText together.
    private static bool IsPlainLine(string? text) => !ValidationRules.HasLineBreak(text) && ValidationRules.IndexOfInvalidXmlChar(text) < 0;
}
