using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Xml;
using FluentValidation;

namespace Exchange.Sending;

/// <summary>Reusable FluentValidation rules shared by the connection and message validators. All synchronous:
/// options validation cannot await.</summary>
internal static class ValidationRules
{
    /// <summary>Longest address: 254 characters (RFC 5321 §4.5.3.1.3 allows a 256-character path, angle brackets included).</summary>
    public const int MaxAddressLength = 254;

    /// <summary>Longest local part (before '@'): 64 octets (RFC 5321 §4.5.3.1.1).</summary>
    public const int MaxLocalPartLength = 64;

    /// <summary>Longest domain: 253 characters in DNS (ASCII, A-label) form, 63 per label (RFC 1035 §2.3.4, RFC 5321 §4.5.3.1.2).</summary>
    public const int MaxDomainLength = 253;

    /// <summary>Longest label of a domain, between dots.</summary>
    public const int MaxDomainLabelLength = 63;

    private static readonly IdnMapping Idn = new();

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

    /// <summary>
    /// The everyday address, checked without allocating (issue 10: <see cref="MailAddress"/> parsing cost about 290 bytes per
    /// address on the validator's fast path): a local part of letters, digits and <c>. _ % + -</c> (no leading, trailing or
    /// double dot, at most <see cref="MaxLocalPartLength"/>), <c>@</c>, and a domain of two or more LDH labels (letters, digits,
    /// inner hyphens; at most <see cref="MaxDomainLabelLength"/> each, <see cref="MaxDomainLength"/> in all), at most
    /// <see cref="MaxAddressLength"/> in all. Everything it
    /// accepts, <see cref="IsSmtpAddress"/> accepts with no <see cref="AddressLengthProblem"/>; anything else goes to them.
    /// </summary>
    public static bool IsPlainAsciiAddress(string? address)
    {
        if (address is null || address.Length > MaxAddressLength)
        {
            return false;
        }

        var at = address.IndexOf('@');
        if (at <= 0 || at > MaxLocalPartLength || address.Length - at - 1 is < 3 or > MaxDomainLength)
        {
            return false;
        }

        for (var i = 0; i < at; i++)
        {
            var c = address[i];
            if (c == '.')
            {
                if (i == 0 || i == at - 1 || address[i - 1] == '.')
                {
                    return false;
                }
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '%' or '+' or '-'))
            {
                return false;
            }
        }

        var labelStart = at + 1;
        var labels = 0;
        for (var i = labelStart; i <= address.Length; i++)
        {
            if (i == address.Length || address[i] == '.')
            {
                var length = i - labelStart;
                if (length is 0 or > MaxDomainLabelLength || address[labelStart] == '-' || address[i - 1] == '-')
                {
                    return false;
                }

                labels++;
                labelStart = i + 1;
            }
            else if (!char.IsAsciiLetterOrDigit(address[i]) && address[i] != '-')
            {
                return false;
            }
        }

        return labels >= 2;
    }

    /// <summary>For an address <see cref="IsSmtpAddress"/> accepts: which of RFC 5321's size limits it exceeds, as the end of
    /// a sentence starting with the address ("has a local part of 70 characters; …"), or <see langword="null"/> when it fits.
    /// The local part is counted in UTF-8 octets (RFC 6531 keeps RFC 5321's octet limits), an international domain in its
    /// DNS (A-label, <c>xn--</c>) form, the total as local part + '@' + domain in those units. A domain literal
    /// (<c>[192.0.2.1]</c>) has no labels to count.</summary>
    public static string? AddressLengthProblem(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return null;
        }

        var local = address[..at];
        var localOctets = Encoding.UTF8.GetByteCount(local);
        var unit = localOctets == local.Length ? "characters" : "octets in UTF-8";
        if (localOctets > MaxLocalPartLength)
        {
            return $"has a local part (before '@') of {localOctets} {unit}; at most {MaxLocalPartLength} are allowed (RFC 5321 §4.5.3.1.1). Shorten it.";
        }

        var domain = address[(at + 1)..];
        var domainLength = domain.Length;
        if (!domain.StartsWith('['))
        {
            foreach (var label in domain.Split('.'))
            {
                if (DnsLength(label) is not { } length)
                {
                    return $"has a domain label '{Abbreviate(label)}' that is not a valid international domain name label; correct the domain.";
                }

                if (length > MaxDomainLabelLength)
                {
                    return $"has a domain label of {length} characters{(length == label.Length ? "" : " in DNS form")} ('{Abbreviate(label)}'); DNS allows at most {MaxDomainLabelLength} between dots (RFC 1035). Correct the domain.";
                }
            }

            domainLength = DnsLength(domain) ?? domain.Length;
            if (domainLength > MaxDomainLength)
            {
                return $"has a domain of {domainLength} characters{(domainLength == domain.Length ? "" : " in DNS form")}; DNS allows at most {MaxDomainLength}. Correct the domain.";
            }
        }

        var total = localOctets + 1 + domainLength;
        var counted = localOctets == local.Length && domainLength == domain.Length ? "characters" : "characters (the local part in UTF-8 octets, the domain in DNS form)";
        return total > MaxAddressLength
            ? $"is {total} {counted} long; an address may have at most {MaxAddressLength} (RFC 5321 §4.5.3.1.3). Use a shorter address."
            : null;
    }

    /// <summary>Length of a domain or label in DNS (ASCII) form; <see langword="null"/> when IDNA cannot convert it and the
    /// conversion is not simply too long (a label whose A-label would exceed 63 characters is measured with Punycode, since
    /// <see cref="IdnMapping"/> refuses it without saying why).</summary>
    private static int? DnsLength(string name)
    {
        if (Ascii.IsValid(name))
        {
            return name.Length;
        }

        try
        {
            return Idn.GetAscii(name).Length;
        }
        catch (ArgumentException)
        {
            if (name.Contains('.'))
            {
                var labels = name.Split('.').Select(DnsLength).ToArray();
                return labels.All(l => l is not null) ? labels.Sum(l => l!.Value) + labels.Length - 1 : null;
            }

            var length = "xn--".Length + PunycodeLength(name.Normalize(NormalizationForm.FormC).ToLowerInvariant());
            return length > MaxDomainLabelLength ? length : null;
        }
    }

    /// <summary>Length of the Punycode encoding (RFC 3492 §6.3) of a label that has non-ASCII characters.</summary>
    private static int PunycodeLength(string label)
    {
        const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700;
        var codePoints = new List<int>();
        for (var i = 0; i < label.Length; i++)
        {
            codePoints.Add(char.ConvertToUtf32(label, i));
            if (char.IsHighSurrogate(label[i]))
            {
                i++;
            }
        }

        var basic = codePoints.Count(c => c < 0x80);
        var length = basic > 0 ? basic + 1 : 0;
        int n = 0x80, delta = 0, bias = 72, handled = basic;
        while (handled < codePoints.Count)
        {
            var m = codePoints.Where(c => c >= n).Min();
            delta += (m - n) * (handled + 1);
            n = m;
            foreach (var c in codePoints)
            {
                if (c < n)
                {
                    delta++;
                }
                else if (c == n)
                {
                    // One variable-length integer for delta (RFC 3492 §6.3), then the bias adapts.
                    var q = delta;
                    for (var k = Base; ; k += Base)
                    {
                        var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                        length++;
                        if (q < t)
                        {
                            break;
                        }

                        q = (q - t) / (Base - t);
                    }

                    delta = handled == basic ? delta / Damp : delta / 2;
                    delta += delta / (handled + 1);
                    var shift = 0;
                    while (delta > (Base - TMin) * TMax / 2)
                    {
                        delta /= Base - TMin;
                        shift += Base;
                    }

                    bias = shift + (Base - TMin + 1) * delta / (delta + Skew);
                    delta = 0;
                    handled++;
                }
            }

            delta++;
            n++;
        }

        return length;
    }

    /// <summary>A configured value made safe to quote in a message: every control character (CR, LF, tab, NUL, ...) is
    /// written as an escape (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\u0000</c>), so a value cannot forge or split a log line.</summary>
    public static string Quote(string? text)
    {
        if (text is null || !text.Any(char.IsControl))
        {
            return text ?? "";
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>A long value shortened for a message: its start and end around an ellipsis.</summary>
    public static string Abbreviate(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 32), "…", text.AsSpan(text.Length - 32));

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

    public static bool HasLineBreak(string? text) => text is not null && text.AsSpan().IndexOfAny('\r', '\n') >= 0;

    /// <summary>Text that XML can carry; says at which position the offending character is.</summary>
    public static IRuleBuilderOptions<T, string?> XmlSafeText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => IndexOfInvalidXmlChar(text) < 0)
            .WithMessage((_, text) => $"{{PropertyName}} contains a control character (U+{(int)text![IndexOfInvalidXmlChar(text)]:X4} at position {IndexOfInvalidXmlChar(text)}) that XML cannot carry; remove it.");

    /// <summary>A single line: no CR or LF (header injection).</summary>
    public static IRuleBuilderOptions<T, string?> SingleLine<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => !HasLineBreak(text))
            .WithMessage("{PropertyName} contains a line break (CR or LF); it must be a single line. Remove the line break.");

    /// <summary>A bare SMTP address within RFC 5321's size limits (<see cref="AddressLengthProblem"/>).</summary>
    public static IRuleBuilderOptions<T, string?> SmtpAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsSmtpAddress)
            .WithMessage((_, address) => string.IsNullOrWhiteSpace(address)
                ? "{PropertyName} is empty; enter an e-mail address such as 'name@example.com'."
                : $"{{PropertyName}} '{address}' is not an e-mail address; enter one such as 'name@example.com' (no display name or angle brackets).")
            .Must(address => !IsSmtpAddress(address) || AddressLengthProblem(address!) is null)
            .WithMessage((_, address) => $"{{PropertyName}} '{Abbreviate(address!)}' {AddressLengthProblem(address!)}");
}
