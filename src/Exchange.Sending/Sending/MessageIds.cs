using System.Globalization;

namespace Exchange.Sending.Sending;

/// <summary>Message-IDs the library generates: <c>&lt;32 hex digits@the sender's domain&gt;</c> (IDN domains in ASCII form),
/// so an outcome the library cannot know can be looked up by it later.</summary>
internal static class MessageIds
{
    public static string New(string fromAddress)
    {
        var domain = fromAddress[(fromAddress.LastIndexOf('@') + 1)..];
        try
        {
            domain = new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            domain = "exchange.sending";
        }

        return $"<{Guid.NewGuid():N}@{domain}>";
    }
}
