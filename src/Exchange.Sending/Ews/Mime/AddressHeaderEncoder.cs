using System.Text;
using MimeKit;

namespace Exchange.Sending.Ews.Mime;

/// <summary>
/// Writes From, Sender, To, Cc and Reply-To with every display name that is not plain ASCII words encoded as whole RFC 2047
/// encoded words (UTF-8, base64), never as MimeKit's mix of encoded words and quoted strings. Both forms are valid, but
/// gromox 3.10 decodes the mixed form with its quotes left in (<c>Jürgen &amp; "&lt;Co&gt;"</c>); whole encoded words
/// arrive exactly, on Exchange too.
/// </summary>
internal static class AddressHeaderEncoder
{
    // An encoded word is at most 75 characters: "=?utf-8?B?" + 60 base64 characters (45 bytes) + "?=".
    private const int BytesPerWord = 45;

    public static void Apply(MimeMessage message)
    {
        foreach (var id in new[] { HeaderId.From, HeaderId.Sender, HeaderId.To, HeaderId.Cc, HeaderId.ReplyTo })
        {
            var header = message.Headers.FirstOrDefault(h => h.Id == id);
            if (header is null)
            {
                continue;
            }

            List<MailboxAddress> mailboxes = id == HeaderId.Sender ? [message.Sender!] : (id switch
            {
                HeaderId.From => message.From,
                HeaderId.To => message.To,
                HeaderId.Cc => message.Cc,
                _ => message.ReplyTo,
            }).Mailboxes.ToList();
            if (mailboxes.Any(m => !System.Text.Ascii.IsValid(m.Address)))
            {
                // International addresses (IDN domains, UTF-8 local parts) keep MimeKit's own encoding of the header.
                continue;
            }

            header.SetRawValue(Encoding.ASCII.GetBytes(" " + string.Join(",\r\n ", mailboxes.Select(Format)) + "\r\n"));
        }
    }

    private static string Format(MailboxAddress mailbox)
    {
        var address = "<" + mailbox.Address + ">";
        if (string.IsNullOrEmpty(mailbox.Name))
        {
            return address;
        }

        return IsPlainWords(mailbox.Name) ? mailbox.Name + " " + address : EncodedWords(mailbox.Name) + "\r\n " + address;
    }

    // Letters, digits and single spaces between them need no quoting or encoding.
    private static bool IsPlainWords(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') && !name.StartsWith(' ') && !name.EndsWith(' ') && !name.Contains("  ", StringComparison.Ordinal);

    private static string EncodedWords(string name)
    {
        var words = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(name);
        var start = 0;
        while (start < bytes.Length)
        {
            var length = Math.Min(BytesPerWord, bytes.Length - start);
            // Never split a UTF-8 sequence: step back over continuation bytes (10xxxxxx).
            while (start + length < bytes.Length && (bytes[start + length] & 0xC0) == 0x80)
            {
                length--;
            }

            words.Add("=?utf-8?B?" + Convert.ToBase64String(bytes, start, length) + "?=");
            start += length;
        }

        return string.Join("\r\n ", words);
    }
}
