using System.Net.Mail;
using System.Xml;
using FluentValidation;

namespace Exchange.Sending;

/// <summary>Reusable FluentValidation rules shared by the connection and message validators. All synchronous:
/// options validation cannot await.</summary>
internal static class ValidationRules
{
    /// <summary>A bare SMTP address (<c>local@domain</c>, no display name, no angle brackets); IDN domains allowed.</summary>
    public static bool IsSmtpAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Any(char.IsWhiteSpace) || address.IndexOfAny(['<', '>', ',', ';', '"']) >= 0)
        {
            return false;
        }

        return MailAddress.TryCreate(address, out var parsed)
            && string.Equals(parsed.Address, address, StringComparison.Ordinal)
            && parsed.Host.Length > 0 && !parsed.Host.StartsWith('.') && !parsed.Host.EndsWith('.');
    }

    /// <summary>Index of the first character XML 1.0 cannot carry (control characters other than tab, CR, LF; lone surrogates), or -1.</summary>
    public static int IndexOfInvalidXmlChar(string? text)
    {
        if (text is null)
        {
            return -1;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (!XmlConvert.IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool HasLineBreak(string? text) => text is not null && text.IndexOfAny(['\r', '\n']) >= 0;

    /// <summary>Text that XML can carry; says at which position the offending character is.</summary>
    public static IRuleBuilderOptions<T, string?> XmlSafeText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => IndexOfInvalidXmlChar(text) < 0)
            .WithMessage((_, text) => $"{{PropertyName}} contains a control character (U+{(int)text![IndexOfInvalidXmlChar(text)]:X4} at position {IndexOfInvalidXmlChar(text)}) that XML cannot carry; remove it.");

    /// <summary>A single line: no CR or LF (header injection).</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => !HasLineBreak(text))
            .WithMessage("{PropertyName} contains a line break (CR or LF); it must be a single line. Remove the line break.");

    /// <summary>A bare SMTP address.</summary>
    public static IRuleBuilderOptions<T, string?> SmtpAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsSmtpAddress)
            .WithMessage((_, address) => string.IsNullOrWhiteSpace(address)
                ? "{PropertyName} is empty; enter an e-mail address such as 'name@example.com'."
                : $"{{PropertyName}} '{address}' is not an e-mail address; enter one such as 'name@example.com' (no display name or angle brackets).");
}
