namespace Exchange.Sending.Cli;

/// <summary>The <c>left=right</c> flag values of the CLI (<c>--inline FILE=CID</c>, <c>--header X-NAME=VALUE</c>).</summary>
internal static class FlagPairs
{
    /// <summary>Splits <c>left=right</c> at the given '=' (first or last); throws a usage error naming the flag.</summary>
    public static (string Left, string Right) Split(string text, string flag, string example, bool atLast = false)
    {
        var index = atLast ? text.LastIndexOf('=') : text.IndexOf('=');
        if (index <= 0 || index == text.Length - 1)
        {
            throw new CliInputException($"{flag} '{text}' is not in the form {example}.");
        }

        return (text[..index].Trim(), text[(index + 1)..].Trim());
    }
}
