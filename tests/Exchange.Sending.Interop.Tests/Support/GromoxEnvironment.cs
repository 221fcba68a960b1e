using System.Net.Sockets;

namespace Exchange.Sending.Interop.Tests.Support;

/// <summary>
/// The gromox instance under test, read from the variables that <c>../shared/gromox/setup.sh</c> prints
/// (<c>GROMOX_EWS_URL</c>, <c>GROMOX_HOME</c>, <c>GROMOX_EWS_PORT</c>, ...) and that <c>.ci/gromox-env.sh</c> exports.
/// Missing or not answering: every test skips locally, saying how to start gromox, and fails under <c>CI=true</c>.
/// </summary>
internal sealed class GromoxEnvironment
{
    public const string Domain = "example.test";

    public static readonly GromoxUser User1 = new("user1@example.test", "Passw0rd1", "User One");
    public static readonly GromoxUser User2 = new("user2@example.test", "Passw0rd2", "User Two");
    public static readonly GromoxUser User3 = new("user3@example.test", "Passw0rd3", "User Three");

    private static readonly Lazy<(GromoxEnvironment? Environment, string? Problem)> Current = new(Load);

    private GromoxEnvironment(Uri ewsUrl)
    {
        EwsUrl = ewsUrl;
    }

    /// <summary><c>http://127.0.0.1:18080/EWS/Exchange.asmx</c>.</summary>
    public Uri EwsUrl { get; }

    /// <summary>The library's form of <see cref="EwsUrl"/>: <c>host:port/path</c> without the protocol.</summary>
    public string ServerUrl => $"{EwsUrl.Host}:{EwsUrl.Port}{EwsUrl.AbsolutePath}";

    /// <summary>The instance, or skips the test (locally) / throws (under <c>CI=true</c>) with the reason and the fix.</summary>
    public static GromoxEnvironment Require()
    {
        var (environment, problem) = Current.Value;
        if (environment is not null)
        {
            return environment;
        }

        var reason = "gromox EWS test server not available: " + problem
            + ". Build and start it from the repository root with `eval \"$(bash .ci/gromox-env.sh)\"` (the first build takes 8-11 min,"
            + " then it is cached), then run `dotnet test` from that shell; stop it with `bash .ci/gromox-env.sh stop`."
            + " Only one gromox instance can run per machine; if one is already running, `. $GROMOX_HOME/env.sh` of it instead.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason + " Under CI=true these tests must run.");
        }

        Skip.If(true, reason);
        throw new InvalidOperationException("unreachable");
    }

    private static (GromoxEnvironment?, string?) Load()
    {
        var url = Environment.GetEnvironmentVariable("GROMOX_EWS_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            var why = Environment.GetEnvironmentVariable("GROMOX_ENV_PROBLEM");
            return (null, "GROMOX_EWS_URL is not set" + (string.IsNullOrEmpty(why) ? "" : $" ({why})"));
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            return (null, $"GROMOX_EWS_URL='{url}' is not an http:// URL");
        }

        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(uri.Host, uri.Port).Wait(TimeSpan.FromSeconds(3)))
            {
                return (null, $"nothing answers at {uri.Host}:{uri.Port} within 3 s (GROMOX_EWS_URL={url})");
            }
        }
        catch (Exception ex) when (ex is SocketException or AggregateException)
        {
            return (null, $"nothing listens at {uri.Host}:{uri.Port} (GROMOX_EWS_URL={url}; stopped instance? {ex.GetBaseException().Message})");
        }

        return (new GromoxEnvironment(uri), null);
    }
}

internal sealed record GromoxUser(string Address, string Password, string DisplayName);
