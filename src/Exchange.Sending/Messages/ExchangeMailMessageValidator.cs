using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;

namespace Exchange.Sending;

/// <summary>
/// Checks a message before any network I/O: at least one recipient and no more than the connection allows, every address
/// (within RFC 5321's sizes), single-line names and subject, text XML can carry, <c>X-</c> header names (RFC 5322),
/// attachment names, inline Content-IDs and the HTML body's <c>cid:</c> references, the Message-ID. What does not stop a
/// send (an inline attachment nothing references, a subject Exchange will cut) comes back as warnings.
/// </summary>
internal sealed partial class ExchangeMailMessageValidator : AbstractValidator<ExchangeMailMessage>
{
    /// <summary>Longest attachment name: 255 characters, what Exchange keeps as the long file name
    /// (PidTagAttachLongFilename, 256 with its terminator) and the longest file name Windows can save.</summary>
    public const int MaxAttachmentNameLength = 255;

    /// <summary>Longest subject Exchange keeps whole (EWS <c>t:Subject</c>, 255 characters); longer ones are accepted and cut,
    /// so they get a warning, not an error.</summary>
    public const int MaxStoredSubjectLength = 255;

    /// <summary>Longest Message-ID, angle brackets included: 986 characters, so that the header line
    /// <c>Message-ID: &lt;…&gt;</c>, which cannot be folded inside the id, stays within RFC 5322's 998 characters (§2.1.1).</summary>
    public const int MaxMessageIdLength = 998 - 12;

    private const string MaxRecipientsKey = nameof(ExchangeConnectionOptions.MaxRecipientsPerMessage);
    private const string ReferencesKey = nameof(InlineReferences);

    /// <summary>Creates the validator with all rules.</summary>
    public ExchangeMailMessageValidator()
    {
        RuleFor(m => m).Must(m => m.RecipientCount > 0).OverridePropertyName("To")
            .WithMessage("The message has no recipients; add at least one address to To, Cc or Bcc.");
        RuleFor(m => m).Custom((m, context) =>
        {
            if (context.RootContextData.TryGetValue(MaxRecipientsKey, out var value) && value is int limit && m.RecipientCount > limit)
            {
                context.AddFailure("To", RecipientLimitMessage(m.RecipientCount, m.To.Count, m.Cc.Count, m.Bcc.Count, limit));
            }
        });

        RuleFor(m => m.From!).SetValidator(new MailboxValidator()).When(m => m.From is not null);
        RuleFor(m => m.Sender!).SetValidator(new MailboxValidator()).When(m => m.Sender is not null);
        RuleFor(m => m.ImpersonatedUserIdType).IsInEnum()
            .WithMessage((_, t) => $"ImpersonatedUserIdType '{t}' is not known; use SmtpAddress, PrincipalName or Sid.");
        RuleFor(m => m.ImpersonatedUser).Must((m, id) => EwsImpersonationRules.IsValid(id!, m.ImpersonatedUserIdType))
            .When(m => !string.IsNullOrEmpty(m.ImpersonatedUser) && Enum.IsDefined(m.ImpersonatedUserIdType))
            .WithMessage((m, id) => EwsImpersonationRules.Problem(id!, m.ImpersonatedUserIdType));
        RuleForEach(m => m.To).NotNull().WithMessage(NullEntry).SetValidator(new MailboxValidator());
        RuleForEach(m => m.Cc).NotNull().WithMessage(NullEntry).SetValidator(new MailboxValidator());
        RuleForEach(m => m.Bcc).NotNull().WithMessage(NullEntry).SetValidator(new MailboxValidator());
        RuleForEach(m => m.ReplyTo).NotNull().WithMessage(NullEntry).SetValidator(new MailboxValidator());

        RuleFor(m => m.Importance).IsInEnum().WithMessage((_, v) => $"Importance {(int)v} is not Low, Normal or High.");
        RuleFor(m => m.Sensitivity).IsInEnum().WithMessage((_, v) => $"Sensitivity {(int)v} is not Normal, Personal, Private or Confidential.");

        RuleFor(m => m.Subject).SingleLine().XmlSafeText();
        RuleFor(m => m.Body!.Content).XmlSafeText().OverridePropertyName("Body").When(m => m.Body is not null);

        RuleForEach(m => m.Headers).ChildRules(header =>
        {
            header.RuleFor(h => h.Key).Cascade(CascadeMode.Stop)
                .Must(k => k.Length > 2 && k.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
                .WithMessage((_, k) => $"Header name '{k}' is not a custom internet header; use a name that starts with 'X-', for example 'X-Order-Id'.")
                .Must(k => IndexOfInvalidHeaderNameChar(k) < 0)
                .WithMessage((_, k) => $"Header name '{k}' contains {Describe(k[IndexOfInvalidHeaderNameChar(k)])} at position {IndexOfInvalidHeaderNameChar(k)}, which a header name cannot hold (RFC 5322 §3.6.8: printable ASCII other than ':', no spaces); remove it, for example 'X-Order-Id'.");
            header.RuleFor(h => h.Value).NotNull().WithMessage((h, _) => $"Header '{h.Key}' has no value; give it one or remove it.");
            header.RuleFor(h => h.Value).SingleLine().XmlSafeText().WithName(h => $"Header '{h.Key}' value");
        }).OverridePropertyName("Headers");

        RuleForEach(m => m.Categories).NotEmpty().WithMessage("A category is empty; remove it or give it a name.")
            .SingleLine().XmlSafeText();

        RuleForEach(m => m.Attachments).NotNull().WithMessage(NullEntry);
        RuleFor(m => m.Attachments).Must(list => DuplicateContentId(list) is null)
            .WithMessage(m => $"Two inline attachments share the Content-ID '{DuplicateContentId(m.Attachments)}', so cid: references are ambiguous; give each its own.");
        RuleForEach(m => m.Attachments).Where(a => a is not null).ChildRules(a =>
        {
            a.RuleFor(x => x.Name).NotEmpty().WithMessage("An attachment has no name; give it a file name such as 'report.pdf'.")
                .SingleLine().XmlSafeText()
                .MaximumLength(MaxAttachmentNameLength).WithMessage((_, name) => AttachmentNameTooLongMessage(name));
            a.RuleFor(x => x.ContentType).Must(t => t is null || (ContentTypePattern().IsMatch(t) && !t.Any(char.IsControl)))
                .WithMessage((x, t) => $"Attachment '{x.Name}' has content type '{t}', which is not 'type/subtype'; use for example 'application/pdf' or leave it empty.");
            a.RuleFor(x => x.ContentId).NotEmpty().When(x => x.IsInline)
                .WithMessage(x => $"Inline attachment '{x.Name}' has no Content-ID; call AsInline(\"name@example\") and reference it as cid:name@example in the HTML body.");
            a.RuleFor(x => x.ContentId).Must(id => string.IsNullOrEmpty(id) || ContentIdPattern().IsMatch(id))
                .WithMessage((x, id) => $"Attachment '{x.Name}' has Content-ID '{id}', which may not contain spaces, '<', '>' or control characters; use for example 'logo@example'.");
        }).OverridePropertyName("Attachments");

        RuleFor(m => m).Custom((m, context) =>
        {
            if (m.Body is { IsHtml: true } body)
            {
                // Kept for the warnings (Validate(message, options)), so the body is scanned once.
                var references = InlineReferences.Find(body.Content);
                context.RootContextData[ReferencesKey] = references;
                foreach (var missing in MissingReferences(references, m.Attachments))
                {
                    context.AddFailure("Body", missing.ContentId.Length == 0
                        ? $"The HTML body references '{missing.Written}', which names no Content-ID; write cid: followed by an inline attachment's ContentId, or remove the reference."
                        : $"The HTML body references {missing.Written}, but no inline attachment has ContentId '{missing.ContentId}'; add the attachment (ExchangeAttachment.AsInline(\"{missing.ContentId}\")) or fix the reference.");
                }
            }
        });

        RuleFor(m => m.InternetMessageId).Cascade(CascadeMode.Stop)
            .Must(id => id is null || MessageIdPattern().IsMatch(id))
            .WithMessage((_, id) => $"InternetMessageId '{ValidationRules.Abbreviate(id!)}' is not a Message-ID; use the form '<unique@domain>' or leave it empty to have one generated.")
            .Must(id => id is null || id.Length <= MaxMessageIdLength)
            .WithMessage((_, id) => $"InternetMessageId is {id!.Length} characters long; at most {MaxMessageIdLength} fit the header line 'Message-ID: <…>' (RFC 5322 §2.1.1 limits a line to 998 characters); use a shorter id, or leave it empty to have one generated.");
    }

    /// <summary>Validates a message for a connection: every rule, the connection's <see cref="ExchangeConnectionOptions.MaxRecipientsPerMessage"/>
    /// included, and the warnings.</summary>
    public MessageValidationResult Validate(ExchangeMailMessage message, ExchangeConnectionOptions options)
    {
        return IsPlainlyValid(message, options) ? ValidWithoutWarnings : ValidateWithRules(message, options);
    }

    /// <summary>As <see cref="Validate(ExchangeMailMessage, ExchangeConnectionOptions)"/>, always through every rule.</summary>
    internal MessageValidationResult ValidateWithRules(ExchangeMailMessage message, ExchangeConnectionOptions options)
    {
        var context = new ValidationContext<ExchangeMailMessage>(message);
        context.RootContextData[MaxRecipientsKey] = options.MaxRecipientsPerMessage;
        var result = Validate(context);
        var references = context.RootContextData.TryGetValue(ReferencesKey, out var found) ? (IReadOnlyList<InlineReferences.Reference>)found : null;
        return new MessageValidationResult(result.Errors, result.IsValid ? Warnings(message, references) : []);
    }

    /// <summary>What does not stop the send: inline attachments nothing references (or with a body that is not HTML), a
    /// subject Exchange will cut.</summary>
    /// <param name="message">The message, valid.</param>
    /// <param name="references">The references of its HTML body; <see langword="null"/> when the body is not HTML.</param>
    private static List<ExchangeSendWarning> Warnings(ExchangeMailMessage message, IReadOnlyList<InlineReferences.Reference>? references)
    {
        var warnings = new List<ExchangeSendWarning>();
        if (LongSubjectWarning(message.Subject) is { } longSubject)
        {
            warnings.Add(longSubject);
        }

        var referenced = references is null ? null : new HashSet<string>(references.Select(r => r.ContentId), InlineReferences.Comparer);
        for (var i = 0; i < message.Attachments.Count; i++)
        {
            if (message.Attachments[i] is { IsInline: true, ContentId: { Length: > 0 } contentId } inline && referenced?.Contains(contentId) != true)
            {
                warnings.Add(new(ExchangeSendWarning.UnreferencedInlineAttachment, $"Attachments[{i}]", UnreferencedMessage(inline.Name, contentId, references is not null)));
            }
        }

        return warnings;
    }

    /// <summary>The warning for a subject longer than Exchange keeps, or <see langword="null"/>; shared with the MIME path.</summary>
    public static ExchangeSendWarning? LongSubjectWarning(string? subject) => subject is { Length: > MaxStoredSubjectLength }
        ? new(ExchangeSendWarning.LongSubject, "Subject",
            $"Subject is {subject.Length} characters long; Exchange keeps the first {MaxStoredSubjectLength} and cuts the rest. Shorten it to keep it whole.")
        : null;

    /// <summary>The error for an attachment name longer than Exchange keeps; shared with the MIME path.</summary>
    public static string AttachmentNameTooLongMessage(string name) =>
        $"Attachment name '{ValidationRules.Abbreviate(name)}' is {name.Length} characters long; Exchange keeps at most {MaxAttachmentNameLength} (the longest file name Windows can save); shorten it, keeping the extension.";

    /// <summary>The warning for an inline part nothing references, shared with the MIME path.</summary>
    public static string UnreferencedMessage(string name, string contentId, bool bodyIsHtml) => bodyIsHtml
        ? $"Inline attachment '{name}' (ContentId '{contentId}') is not referenced by the HTML body, so mail clients will not show it in the body (many hide it altogether); reference it as <img src=\"cid:{contentId}\">, or attach it as an ordinary attachment."
        : $"Inline attachment '{name}' (ContentId '{contentId}') goes with a body that is not HTML, so mail clients will not show it in the body (many hide it altogether); send an HTML body that references it as <img src=\"cid:{contentId}\">, or attach it as an ordinary attachment.";

    /// <summary>The error for too many recipients, shared with the MIME path.</summary>
    public static string RecipientLimitMessage(int count, int to, int cc, int bcc, int limit) =>
        $"The message has {count} recipients (To {to}, Cc {cc}, Bcc {bcc}; each entry counts), more than the connection's MaxRecipientsPerMessage of {limit}; "
        + "Exchange would refuse it (a non-delivery report, 'too many recipients'). Send it as several messages, or raise MaxRecipientsPerMessage to the server's limit.";

    /// <summary>The references that no inline attachment's Content-ID answers.</summary>
    private static IEnumerable<InlineReferences.Reference> MissingReferences(IReadOnlyList<InlineReferences.Reference> references, IEnumerable<ExchangeAttachment?> attachments)
    {
        if (references.Count == 0)
        {
            return [];
        }

        var contentIds = new HashSet<string>(attachments.Where(a => a is { IsInline: true } && !string.IsNullOrEmpty(a.ContentId)).Select(a => a!.ContentId!), InlineReferences.Comparer);
        return references.Where(r => !contentIds.Contains(r.ContentId));
    }

    /// <summary>Index of the first character RFC 5322 does not allow in a header name (ftext: '!' to '~' except ':'), or -1.</summary>
    public static int IndexOfInvalidHeaderNameChar(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] is < '!' or > '~' or ':')
            {
                return i;
            }
        }

        return -1;
    }

    private static string Describe(char c) => c is > ' ' and <= '~' ? $"'{c}'" : $"U+{(int)c:X4}";

    private const string NullEntry = "{PropertyName} is null; remove it from the list.";

    private static string? DuplicateContentId(IEnumerable<ExchangeAttachment?> attachments) =>
        attachments.Where(a => !string.IsNullOrEmpty(a?.ContentId)).GroupBy(a => a!.ContentId, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1)?.Key;

    // \z, not $: $ also matches before a final line feed ("<id@example.com>\n" passed).
    [GeneratedRegex(@"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?\z")]
    private static partial Regex ContentTypePattern();

    [GeneratedRegex(@"^[\x21-\x3B\x3D\x3F-\x7E]+\z")]
    private static partial Regex ContentIdPattern();

    [GeneratedRegex(@"^<[\x21-\x3B\x3D\x3F-\x7E]+@[\x21-\x3B\x3D\x3F-\x7E]+>\z")]
    private static partial Regex MessageIdPattern();

    /// <summary>One address with its display name.</summary>
    private sealed class MailboxValidator : AbstractValidator<ExchangeMailbox>
    {
        public MailboxValidator()
        {
            RuleFor(m => m.Address).SmtpAddress();
            RuleFor(m => m.DisplayName).SingleLine().XmlSafeText();
        }
    }
}

/// <summary>A message's validation result with the warnings of a valid message.</summary>
internal sealed class MessageValidationResult(IEnumerable<ValidationFailure> errors, IReadOnlyList<ExchangeSendWarning> warnings) : ValidationResult(errors)
{
    /// <summary>What does not stop the send; empty when the message is invalid.</summary>
    public IReadOnlyList<ExchangeSendWarning> Warnings { get; } = warnings;
}
