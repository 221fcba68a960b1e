using System.Globalization;

namespace Exchange.Sending.Sending;

/// <summary>Message-IDs the library generates: <c>&lt;32 hex digits@the sender's domain&gt;</c> (IDN domains in ASCII form),
/// so an outcome the library cannot know can be looked up by it later.</summary>
internal static class MessageIds
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("<> \t\r\n");

    // The last sender domain and its ASCII form: a connection sends from one address, and IdnMapping calls into ICU.
    // One immutable object, read and written as one reference: a tuple could be read torn across threads.
    private static DomainForm? s_lastDomain;

    private sealed record DomainForm(string Domain, string Ascii);

    // Random bytes fetched 4 KB at a time: one Guid.NewGuid per message is one read of the kernel's generator.
    private static readonly byte[] s_random = new byte[4096];
    private static int s_randomUsed = s_random.Length;
    private static readonly Lock s_randomLock = new();

    public static string New(string fromAddress)
    {
        // Compared as a span: the common case (the same sender domain as last time) allocates only the id itself (issue 10).
        var given = fromAddress.AsSpan(fromAddress.LastIndexOf('@') + 1);
        string domain;
        if (Volatile.Read(ref s_lastDomain) is { } last && given.SequenceEqual(last.Domain))
        {
            domain = last.Ascii;
        }
        else
        {
            domain = given.ToString();
            string ascii;
            try
            {
                ascii = new IdnMapping().GetAscii(domain);
            }
            catch (ArgumentException)
            {
                ascii = "exchange.sending";
            }

            Volatile.Write(ref s_lastDomain, new DomainForm(domain, ascii));
            domain = ascii;
        }

        Span<byte> unique = stackalloc byte[16];
        lock (s_randomLock)
        {
            if (s_randomUsed + unique.Length > s_random.Length)
            {
                System.Security.Cryptography.RandomNumberGenerator.Fill(s_random);
                s_randomUsed = 0;
            }

            s_random.AsSpan(s_randomUsed, unique.Length).CopyTo(unique);
            s_random.AsSpan(s_randomUsed, unique.Length).Clear();
            s_randomUsed += unique.Length;
        }

        // '<', 32 lower-case hex digits (as Guid's "N" format wrote them), '@': built on the stack, then one string.
        Span<char> head = stackalloc char[34];
        head[0] = '<';
        Convert.TryToHexStringLower(unique, head[1..], out _);
        head[33] = '@';
        return string.Concat(head, domain, ">");
    }

    /// <summary>A Message-ID as servers store it, with its angle brackets (gromox matches only that form; Exchange stores it so too).</summary>
    /// <exception cref="ArgumentException">Empty, or not shaped <c>&lt;left@right&gt;</c> (RFC 5322 msg-id) without spaces.</exception>
    public static string Normalize(string internetMessageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(internetMessageId);
        var id = internetMessageId.Trim();
        if (!id.StartsWith('<'))
        {
            id = "<" + id + ">";
        }

        var inner = id.Length >= 3 ? id[1..^1] : "";
        if (!id.EndsWith('>') || inner.Length == 0 || inner.IndexOf('@') <= 0 || inner.IndexOf('@') == inner.Length - 1 || HasLoneSurrogate(inner)
            || inner.AsSpan().IndexOfAny(Forbidden) >= 0 || id.Length > 998)
        {
            throw new ArgumentException(
                $"'{internetMessageId}' is not a Message-ID: give it as <left@right> (as ExchangeSendResult.InternetMessageId and ExchangeException.InternetMessageId hold it).",
                nameof(internetMessageId));
        }

        return id;
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
