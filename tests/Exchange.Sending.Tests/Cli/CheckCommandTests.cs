using System.CommandLine;
using Exchange.Sending.Cli.Commands;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Cli;

/// <summary><c>exchange-send check --send-test</c> against the bundled server over loopback HTTP: exit code and output.</summary>
public class CheckCommandTests
{
    private const string Shared = "shared@example.com";

    private static async Task<(int ExitCode, string Output)> RunAsync(FakeEwsServer server, params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["--server-url", server.ServerUrl, "--insecure-http", "--auth", "None", "--sender", Shared, "--format", "Items", .. extra];
        var exitCode = await CheckCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output + error.ToString());
    }

    private static async Task<FakeEwsServer> StartAsync()
    {
        var server = await ServerFixture.StartAsync();
        server.AddUser(new FakeEwsUser(Shared, "Shared Mailbox"));
        return server;
    }

    [SkippableFact]
    public async Task Send_test_without_the_right_fails_with_ErrorSendAsDenied_and_exit_code_2()
    {
        await using var server = await StartAsync();
        var (exitCode, output) = await RunAsync(server, "--send-test");
        exitCode.Should().Be(2, output);
        output.Should().MatchRegex(@"\[FAIL\] Sender\s+The test message was not sent: .*the server refused to send as 'shared@example.com' \(ErrorSendAsDenied\)")
            .And.Contain("Add-RecipientPermission").And.Contain("FAILED at Sender").And.MatchRegex(@"  Test message: <[0-9a-f]{32}@example.com> \(not sent\)");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Send_test_with_the_right_passes_prints_the_test_message_and_exits_0()
    {
        await using var server = await StartAsync();
        server.GrantSendAs(ServerFixture.AccountAddress, Shared);
        var (exitCode, output) = await RunAsync(server, "--send-test");
        exitCode.Should().Be(0, output);
        var sent = server.SentMessages.Should().ContainSingle().Subject;
        sent.Subject.Should().StartWith("Exchange.Sending connection test (");
        output.Should().MatchRegex(@"\[ok  \] Sender\s+.*Test message <[0-9a-f]{32}@example.com> from 'shared@example.com' to itself was accepted")
            .And.MatchRegex(@"  Test message: <[0-9a-f]{32}@example.com> \(sent\)").And.Contain("Passed in");
    }

    [SkippableFact]
    public async Task Without_send_test_nothing_is_sent_and_the_server_version_line_names_the_best_version()
    {
        await using var server = await StartAsync();
        var (exitCode, output) = await RunAsync(server);
        exitCode.Should().Be(0, output);
        server.SentMessages.Should().BeEmpty();
        output.Should().Contain("  Server version: 15.1.2507.6 (V2017_07_11); best Version for it: V2017_07_11 (this connection sends Exchange2013_SP1)");
    }
}
