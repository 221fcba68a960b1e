using System.Buffers.Text;
using System.Text.Json;

namespace Exchange.Sending.Cli;

/// <summary>
/// <c>--auth Bearer</c> on the command line: the token comes from the environment variable <see cref="Variable"/>, obtained
/// elsewhere (<c>az account get-access-token --resource https://outlook.office365.com --query accessToken -o tsv</c>), never
/// from an argument (arguments show in process lists and shell history). Its expiry is the JWT's <c>exp</c> claim when the
/// token is a JWT, else one hour from now; a command runs far shorter than either.
/// </summary>
internal static class EnvironmentAccessToken
{
    public const string Variable = "EXCHANGE_ACCESS_TOKEN";

    /// <summary>One instance for every connection and options build, so that a reload sees unchanged settings.</summary>
    public static readonly ExchangeAccessTokenProvider Provider = (_, _) =>
    {
        var token = Environment.GetEnvironmentVariable(Variable)?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException(
                $"--auth Bearer takes the access token from the environment variable {Variable}, which is empty; set it, for example "
                + $"{Variable}=$(az account get-access-token --resource https://outlook.office365.com --query accessToken -o tsv).");
        }

        return ValueTask.FromResult(new ExchangeAccessToken(token, ExpiryOf(token) ?? DateTimeOffset.UtcNow.AddHours(1)));
    };

    /// <summary>The <c>exp</c> claim (seconds since 1970) of a JWT; <see langword="null"/> for anything else.</summary>
    internal static DateTimeOffset? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
