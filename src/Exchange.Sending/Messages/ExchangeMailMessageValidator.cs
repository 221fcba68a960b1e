using System.Text.RegularExpressions;
using FluentValidation;

namespace Exchange.Sending;

/// <summary>
/// Checks a message before any network I/O: at least one recipient, every address, single-line names and subject,
/// text XML can carry, <c>X-</c> header names, attachment names and inline Content-IDs.
/// </summary>
internal sealed partial class ExchangeMailMessageValidator : AbstractValidator<ExchangeMailMessage>
{
    /// <summary>Creates the validator with all rules.</summary>
    public ExchangeMailMessageValidator()
    {
        RuleFor(m => m).Must(m => m.RecipientCount > 0).OverridePropertyName("To")
            .WithMessage("The message has no recipients; add at least one address to To, Cc or Bcc.");

        RuleFor(m => m.From!).SetValidator(new MailboxValidator()).When(m => m.From is not null);
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
            header.RuleFor(h => h.Key).Must(k => HeaderNamePattern().IsMatch(k))
                .WithMessage((_, k) => $"Header name '{k}' is not a custom internet header; use a name that starts with 'X-' followed by letters, digits or '-', for example 'X-Order-Id'.");
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
                .SingleLine().XmlSafeText();
            a.RuleFor(x => x.ContentType).Must(t => t is null || (ContentTypePattern().IsMatch(t) && !t.Any(char.IsControl)))
                .WithMessage((x, t) => $"Attachment '{x.Name}' has content type '{t}', which is not 'type/subtype'; use for example 'application/pdf' or leave it empty.");
            a.RuleFor(x => x.ContentId).NotEmpty().When(x => x.IsInline)
                .WithMessage(x => $"Inline attachment '{x.Name}' has no Content-ID; call AsInline(\"name@example\") and reference it as cid:name@example in the HTML body.");
            a.RuleFor(x => x.ContentId).Must(id => string.IsNullOrEmpty(id) || ContentIdPattern().IsMatch(id))
                .WithMessage((x, id) => $"Attachment '{x.Name}' has Content-ID '{id}', which may not contain spaces, '<', '>' or control characters; use for example 'logo@example'.");
        }).OverridePropertyName("Attachments");

        RuleFor(m => m.InternetMessageId).Must(id => id is null || MessageIdPattern().IsMatch(id))
            .WithMessage((_, id) => $"InternetMessageId '{id}' is not a Message-ID; use the form '<unique@domain>' or leave it empty to have one generated.");
    }

    private const string NullEntry = "{PropertyName} is null; remove it from the list.";

    private static string? DuplicateContentId(IEnumerable<ExchangeAttachment?> attachments) =>
        attachments.Where(a => !string.IsNullOrEmpty(a?.ContentId)).GroupBy(a => a!.ContentId, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1)?.Key;

    [GeneratedRegex("^X-[A-Za-z0-9][A-Za-z0-9-]*$", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$")]
    private static partial Regex ContentTypePattern();

    [GeneratedRegex(@"^[\x21-\x3B\x3D\x3F-\x7E]+$")]
    private static partial Regex ContentIdPattern();

    [GeneratedRegex(@"^<[\x21-\x3B\x3D\x3F-\x7E]+@[\x21-\x3B\x3D\x3F-\x7E]+>$")]
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
