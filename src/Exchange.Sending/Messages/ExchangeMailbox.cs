namespace Exchange.Sending;

/// <summary>An e-mail address with an optional display name, written as an EWS <c>t:Mailbox</c>.</summary>
/// <param name="Address">SMTP address, for example <c>alice@example.com</c>.</param>
/// <param name="DisplayName">Display name, any Unicode text (commas, quotes, <c>&amp;</c> and <c>&lt;</c> are fine); no CR or LF.</param>
public sealed record ExchangeMailbox(string Address, string? DisplayName = null)
{
    /// <summary>Implicit conversion from a bare address.</summary>
    /// <param name="address">SMTP address.</param>
    public static implicit operator ExchangeMailbox(string address) => new(address);

    // Strict RFC 5322 address parsing: MimeKit's default is lenient and accepts "Alice <alice@example.com" without its '>'.
    private static readonly MimeKit.ParserOptions StrictParsing = CreateStrictParsing();

    private static MimeKit.ParserOptions CreateStrictParsing()
    {
        var options = MimeKit.ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = MimeKit.RfcComplianceMode.Strict;
        return options;
    }

    /// <summary>Parses one mailbox as people write it: <c>alice@example.com</c>, <c>Alice &lt;alice@example.com&gt;</c>,
    /// <c>"Smith, Alice" &lt;alice@example.com&gt;</c> or an RFC 2047-encoded name (MimeKit's RFC 5322 parser).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The mailbox; its address is not otherwise validated (sending does that, with a message naming the field).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not one mailbox (empty, a list, a group, or malformed).</exception>
    public static ExchangeMailbox Parse(string text) =>
        TryParse(text ?? throw new ArgumentNullException(nameof(text)), out var mailbox) ? mailbox : throw new FormatException($"'{text}' is not a mailbox; write an address such as alice@example.com or \"Alice\" <alice@example.com>.");

    /// <summary>As <see cref="Parse"/>, without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mailbox">The mailbox, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is exactly one mailbox.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExchangeMailbox? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text) || !MimeKit.MailboxAddress.TryParse(StrictParsing, text.Trim(), out var parsed))
        {
            return false;
        }

        mailbox = new ExchangeMailbox(MimeKit.MailboxAddress.DecodeAddrspec(parsed.Address), string.IsNullOrEmpty(parsed.Name) ? null : parsed.Name);
        return true;
    }

    /// <summary>Parses a comma-separated list of mailboxes (<c>Alice &lt;a@x&gt;, "Smith, Bob" &lt;b@x&gt;</c>); groups are flattened.</summary>
    /// <param name="text">The list.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a list of mailboxes.</exception>
    public static IReadOnlyList<ExchangeMailbox> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text) || !MimeKit.InternetAddressList.TryParse(StrictParsing, text, out var list) || !list.Mailboxes.Any())
        {
            throw new FormatException($"'{text}' is not a list of mailboxes; separate addresses with commas, e.g. alice@example.com, \"Smith, Bob\" <bob@example.com>.");
        }

        return list.Mailboxes.Select(m => new ExchangeMailbox(MimeKit.MailboxAddress.DecodeAddrspec(m.Address), string.IsNullOrEmpty(m.Name) ? null : m.Name)).ToArray();
    }

    /// <summary><c>"Display Name" &lt;address&gt;</c>, or the bare address.</summary>
    public override string ToString() => string.IsNullOrEmpty(DisplayName) ? Address : $"\"{DisplayName}\" <{Address}>";
}
