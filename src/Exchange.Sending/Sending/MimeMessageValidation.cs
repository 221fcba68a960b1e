using MimeKit;

namespace Exchange.Sending.Sending;

/// <summary>
/// Checks a caller's MimeKit message before any network I/O, with the same rules as <see cref="ExchangeMailMessageValidator"/>
/// where they apply: at least one recipient and no more than the connection's <see cref="ExchangeConnectionOptions.MaxRecipientsPerMessage"/>,
/// every address an SMTP address within RFC 5321's sizes, X- header values XML can carry, attachment file names, the
/// Message-ID's length, and every <c>cid:</c> reference of a <c>text/html</c> body answered by a part's Content-Id. Warnings:
/// a part of a <c>multipart/related</c> with a Content-Id that no HTML body references, a subject Exchange will cut.
/// The message is written twice (measured for its Content-Length, then sent); MimeKit's <see cref="MimeContent"/> already
/// requires seekable streams for that, and only HTML parts with seekable content are read here.
/// </summary>
internal static class MimeMessageValidation
{
    public static IReadOnlyList<ExchangeValidationError> Validate(MimeMessage message, ExchangeConnectionOptions options, out IReadOnlyList<ExchangeSendWarning> warnings)
    {
        var errors = new List<ExchangeValidationError>();
        var to = message.To.Mailboxes.ToList();
        var cc = message.Cc.Mailboxes.ToList();
        var bcc = message.Bcc.Mailboxes.ToList();
        var recipients = to.Count + cc.Count + bcc.Count;
        if (recipients == 0)
        {
            errors.Add(new("To", "The message has no recipients; add at least one address to To, Cc or Bcc."));
        }
        else if (recipients > options.MaxRecipientsPerMessage)
        {
            errors.Add(new("To", ExchangeMailMessageValidator.RecipientLimitMessage(recipients, to.Count, cc.Count, bcc.Count, options.MaxRecipientsPerMessage)));
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

        if (message.MessageId is { } messageId && messageId.Length + 2 > ExchangeMailMessageValidator.MaxMessageIdLength)
        {
            errors.Add(new("MessageId", $"MessageId is {messageId.Length + 2} characters long with its angle brackets; at most {ExchangeMailMessageValidator.MaxMessageIdLength} "
                + "fit the header line 'Message-ID: <…>' (RFC 5322 §2.1.1 limits a line to 998 characters); set a shorter one, e.g. MimeUtils.GenerateMessageId(\"example.com\")."));
        }

        foreach (var part in message.BodyParts.OfType<MimePart>())
        {
            if (part.FileName is { Length: > ExchangeMailMessageValidator.MaxAttachmentNameLength } name)
            {
                errors.Add(new("Attachments", ExchangeMailMessageValidator.AttachmentNameTooLongMessage(name)));
            }
        }

        var found = new List<ExchangeSendWarning>();
        if (ExchangeMailMessageValidator.LongSubjectWarning(message.Subject) is { } longSubject)
        {
            found.Add(longSubject);
        }

        CheckInlineReferences(message, errors, found);
        warnings = errors.Count == 0 ? found : [];
        return errors;
    }

    /// <summary>Every <c>cid:</c> reference of a <c>text/html</c> body part must name a part's Content-Id (anywhere in the
    /// message, as mail clients resolve them); a <c>multipart/related</c> resource (not its root) with a Content-Id that no
    /// HTML body references is a warning.</summary>
    private static void CheckInlineReferences(MimeMessage message, List<ExchangeValidationError> errors, List<ExchangeSendWarning> warnings)
    {
        var htmlBodies = message.BodyParts.OfType<TextPart>()
            .Where(t => t.IsHtml && !t.IsAttachment && t.Content?.Stream is { CanSeek: true })
            .ToList();
        var references = htmlBodies.SelectMany(t => InlineReferences.Find(t.Text ?? "")).ToList();
        var contentIds = new HashSet<string>(InlineReferences.Comparer);
        var related = new List<MimePart>();
        Collect(message.Body, contentIds, related, inRelated: false);

        var reported = new HashSet<string>(InlineReferences.Comparer);
        foreach (var reference in references.Where(r => !contentIds.Contains(r.ContentId) && reported.Add(r.ContentId)))
        {
            errors.Add(new("Body", reference.ContentId.Length == 0
                ? $"The HTML body references '{reference.Written}', which names no Content-Id; write cid: followed by a part's Content-Id, or remove the reference."
                : $"The HTML body references {reference.Written}, but no part of the message has Content-Id '{reference.ContentId}'; add the part (BodyBuilder.LinkedResources, with ContentId \"{reference.ContentId}\") or fix the reference."));
        }

        var referenced = new HashSet<string>(references.Select(r => r.ContentId), InlineReferences.Comparer);
        var parts = message.BodyParts.ToList();
        foreach (var part in related.Where(p => !referenced.Contains(p.ContentId!)))
        {
            warnings.Add(new(ExchangeSendWarning.UnreferencedInlineAttachment, $"BodyParts[{parts.IndexOf(part)}]",
                ExchangeMailMessageValidator.UnreferencedMessage(part.FileName ?? part.ContentType.MimeType, part.ContentId!, htmlBodies.Count > 0)));
        }
    }

    private static void Collect(MimeEntity? entity, HashSet<string> contentIds, List<MimePart> related, bool inRelated)
    {
        if (entity is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(entity.ContentId))
        {
            contentIds.Add(entity.ContentId);
        }

        switch (entity)
        {
            case MultipartRelated multipartRelated:
                var root = multipartRelated.Root;
                foreach (var child in multipartRelated)
                {
                    Collect(child, contentIds, related, inRelated: !ReferenceEquals(child, root));
                }

                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Collect(child, contentIds, related, inRelated: false);
                }

                break;
            case MimePart part when inRelated && !string.IsNullOrEmpty(part.ContentId) && !(part is TextPart { IsHtml: true }):
                related.Add(part);
                break;
        }
    }

    private static void Check(List<ExchangeValidationError> errors, string field, IEnumerable<MailboxAddress> mailboxes)
    {
        foreach (var mailbox in mailboxes)
        {
            if (!ValidationRules.IsSmtpAddress(mailbox.Address))
            {
                errors.Add(new(field, $"'{mailbox.Address}' in {field} is not an SMTP address; use the form name@example.com."));
            }
            else if (ValidationRules.AddressLengthProblem(mailbox.Address) is { } problem)
            {
                errors.Add(new(field, $"'{ValidationRules.Abbreviate(mailbox.Address)}' in {field} {problem}"));
            }
        }
    }
}
