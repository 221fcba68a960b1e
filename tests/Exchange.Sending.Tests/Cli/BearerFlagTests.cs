using System.CommandLine;
using System.Text;
using Exchange.Sending.Cli;
using Exchange.Sending.Cli.Commands;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Cli;

/// <summary><c>--auth Bearer</c>: the CLI takes the token from EXCHANGE_ACCESS_TOKEN, over loopback HTTP to the bundled
/// server's bearer authenticator. The variable is process-wide, so these tests run one at a time.</summary>
[Collection(nameof(BearerFlagTests))]
[CollectionDefinition(nameof(BearerFlagTests), DisableParallelization = true)]
public class BearerFlagTests
{
    private static async Task<(int ExitCode, string Output)> CheckAsync(FakeEwsServer server, string? token)
    {
        var before = Environment.GetEnvironmentVariable(EnvironmentAccessToken.Variable);
        Environment.SetEnvironmentVariable(EnvironmentAccessToken.Variable, token);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            string[] args = ["--server-url", server.ServerUrl, "--insecure-http", "--auth", "Bearer", "--sender", ServerFixture.AccountAddress, "--format", "Items"];
            var exitCode = await CheckCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
            return (exitCode, output + error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvironmentAccessToken.Variable, before);
        }
    }

    private static async Task<(FakeEwsServer, FakeEwsBearerAuthenticator)> StartAsync(string token)
    {
        var tokens = new FakeEwsBearerAuthenticator();
        tokens.AddToken(token, new FakeEwsUser(ServerFixture.AccountAddress, "Sender Account"));
        var server = await ServerFixture.StartAsync(o => o.CustomAuthenticator = tokens);
        return (server, tokens);
    }

    [SkippableFact]
    public async Task The_check_authenticates_with_the_environment_token_and_never_prints_it()
    {
        const string token = "eyJ0eXAiOiJKV1QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLXNlY3JldA";
        var (server, tokens) = await StartAsync(token);
        await using var _ = server;

        var (exitCode, output) = await CheckAsync(server, token);

        exitCode.Should().Be(0, output);
        tokens.ReceivedTokens.Should().NotBeEmpty().And.OnlyContain(t => t == token);
        output.Should().NotContain(token).And.NotContain("c2lnbmF0dXJlLXNlY3JldA");
    }

    [SkippableFact]
    public async Task Without_the_variable_the_check_fails_at_Authentication_and_says_how_to_set_it()
    {
        var (server, tokens) = await StartAsync("valid-token-value");
        await using var _ = server;

        var (exitCode, output) = await CheckAsync(server, null);

        exitCode.Should().Be(2, output);
        output.Should().Contain("EXCHANGE_ACCESS_TOKEN").And.Contain("az account get-access-token");
        tokens.ReceivedTokens.Should().BeEmpty();
    }

    [Theory]
    [InlineData("eyJ0eXAiOiJKV1QifQ.eyJleHAiOjQxMDI0NDQ4MDB9.c2ln", 4102444800L)]
    [InlineData("not-a-jwt", null)]
    [InlineData("a.!!!.c", null)]
    public void The_expiry_is_the_JWT_exp_claim(string token, long? expected)
    {
        EnvironmentAccessToken.ExpiryOf(token)?.ToUnixTimeSeconds().Should().Be(expected);
        if (expected is null)
        {
            EnvironmentAccessToken.ExpiryOf(token).Should().BeNull();
        }
    }
}
