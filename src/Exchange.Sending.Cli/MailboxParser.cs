namespace Exchange.Sending.Cli;

/// <summary>Parses <c>"Display Name &lt;address&gt;"</c> or a bare address as typed on the command line.</summary>
internal static class MailboxParser
{
    public static ExchangeMailbox Parse(string text)
    {
        var value = text.Trim();
        var open = value.LastIndexOf('<');
        if (value.EndsWith('>') && open >= 0)
        {
            var address = value[(open + 1)..^1].Trim();
            var name = value[..open].Trim();
            if (name.Length >= 2 && name[0] == '"' && name[^1] == '"')
            {
                name = Unquote(name[1..^1]);
            }

            return new ExchangeMailbox(address, name.Length == 0 ? null : name);
        }

        return new ExchangeMailbox(value);
    }

    /// <summary>The inside of an RFC 5322 quoted-string: <c>\"</c> is <c>"</c>, <c>\\</c> is <c>\</c> (as the CLI prints names).</summary>
    private static string Unquote(string quoted)
    {
        if (!quoted.Contains('\\'))
        {
            return quoted;
        }

        var name = new System.Text.StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            name.Append(quoted[i] == '\\' && i + 1 < quoted.Length ? quoted[++i] : quoted[i]);
        }

        return name.ToString();
    }

    /// <summary>Splits <c>left=right</c> at the given '=' (first or last); throws a usage error naming the flag.</summary>
    public static (string Left, string Right) SplitPair(string text, string flag, string example, bool atLast = false)
    {
        var index = atLast ? text.LastIndexOf('=') : text.IndexOf('=');
        if (index <= 0 || index == text.Length - 1)
        {
            throw new CliInputException($"{flag} '{text}' is not in the form {example}.");
        }

        return (text[..index].Trim(), text[(index + 1)..].Trim());
    }
}
