using System.Text;
using System.Text.RegularExpressions;

namespace Exchange.Sending.Transport;

/// <summary>What an HTTP error page says, so a refusal is reported with the server's own words.</summary>
internal static class ServerPageText
{
    /// <summary>The first words of an error page (its HTML title, or the start of its text), so a refusal is reported with what
    /// the server said: at most 160 characters, control characters and markup removed; <see langword="null"/> when unreadable.</summary>
    public static async Task<string?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[4096];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var text = Encoding.UTF8.GetString(buffer, 0, read);
            var title = Regex.Match(text, "<title>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            text = title.Success ? title.Groups[1].Value : Regex.Replace(text, "<[^>]*>", " ");
            text = Regex.Replace(text, @"[\s\p{C}]+", " ").Trim();
            return text.Length == 0 ? null : text.Length <= 160 ? text : text[..160] + "…";
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;   // a refusal that closed the connection: its status says enough
        }
    }
}
