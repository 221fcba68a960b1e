using System.Net;
using System.Text.RegularExpressions;

namespace Exchange.Sending;

/// <summary>
/// The <c>cid:</c> references of an HTML body (RFC 2392): in <c>src</c>, <c>href</c> and <c>background</c> attributes and
/// in CSS <c>url(…)</c>, wherever they stand, also inside comments (Outlook's conditional comments carry VML images that
/// point at inline parts). The scheme is matched in any case; the value is HTML-decoded (<c>&amp;#64;</c>), then
/// URL-decoded as RFC 2392 asks (<c>cid:logo%40example</c> names Content-ID <c>logo@example</c>), and stray angle
/// brackets around it are dropped.
/// </summary>
/// <remarks>Content-IDs are compared case-insensitively (<see cref="Comparer"/>): the message rules already refuse two
/// inline attachments whose Content-IDs differ only in case, so such a match is never ambiguous, and Outlook resolves
/// <c>cid:</c> references without regard to case.</remarks>
internal static partial class InlineReferences
{
    /// <summary>How a reference is matched to a Content-ID.</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    /// <summary>One reference: as written in the HTML (for messages) and the Content-ID it names.</summary>
    public readonly record struct Reference(string Written, string ContentId);

    /// <summary>Every distinct reference of <paramref name="html"/>, in order of first appearance.</summary>
    public static IReadOnlyList<Reference> Find(string html)
    {
        if (html.IndexOf("cid:", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return [];
        }

        var found = new List<Reference>();
        var seen = new HashSet<string>(Comparer);
        foreach (var match in Candidates(html))
        {
            var value = WebUtility.HtmlDecode(match).Trim();
            if (!value.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var contentId = Uri.UnescapeDataString(value[4..].Trim());
            if (contentId.Length >= 2 && contentId[0] == '<' && contentId[^1] == '>')
            {
                contentId = contentId[1..^1];
            }

            if (seen.Add(contentId))
            {
                found.Add(new Reference(value, contentId));
            }
        }

        return found;
    }

    private static IEnumerable<string> Candidates(string html)
    {
        // Attributes and url() in one pass, so references are reported in the order they appear.
        foreach (Match match in ReferencePattern().Matches(html))
        {
            yield return match.Groups["v"].Value;
        }
    }

    // src= / href= / background= (quoted either way or bare; preceded by whitespace, a quote or '/' so that data-src= does
    // not count), or CSS url( … ) quoted either way or bare.
    [GeneratedRegex("""(?:(?<=[\s"'/])(?:src|href|background)\s*=\s*(?:"(?<v>[^"]*)"|'(?<v>[^']*)'|(?<v>[^\s"'>]+)))|(?:url\(\s*(?:"(?<v>[^"]*)"|'(?<v>[^']*)'|(?<v>[^)"'\s]*))\s*\))""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ReferencePattern();
}
