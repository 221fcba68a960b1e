using System.Text.RegularExpressions;
using Exchange.Sending.Cli.Commands;
using FluentAssertions;

namespace Exchange.Sending.Tests.Cli;

/// <summary><c>exchange-send serve --grant-send-on-behalf</c>: the standalone server grants the right, and a real send over
/// loopback HTTP from another process's point of view (a new sender) arrives on behalf.</summary>
public class ServeGrantTests
{
    [SkippableFact]
    public async Task A_granted_send_on_behalf_arrives_and_is_printed_with_its_Sender()
    {
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        // SyncTextWriter locks on itself: read the text under the same lock.
        string Printed()
        {
            lock (output)
            {
                return text.ToString();
            }
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = ServeCommand.RunAsync(0, ["ops@example.com:Ops-Pa55", "shared@example.com:Shared-Pa55"], null, output, stop.Token,
            [new ServeCommand.Grant("ops@example.com", "shared@example.com", OnBehalf: true)]);
        var serverUrl = await WaitForAsync(Printed, @"ServerUrl:\s+(\S+)");
        Printed().Should().Contain("Granted:    ops@example.com may send on behalf of shared@example.com");

        using (var sender = new ExchangeMailSender(new ExchangeConnectionOptions
        {
            SystemName = "serve_grant", ServerUrl = serverUrl, AllowInsecureHttp = true, MessageFormat = ExchangeMessageFormat.Items,
            AuthenticationType = ExchangeAuthenticationType.Basic, UserName = "ops@example.com", Password = "Ops-Pa55",
            SenderAddress = "shared@example.com", SentByAddress = "ops@example.com",
        }))
        {
            await sender.SendAsync(new ExchangeMailMessage { Subject = "on behalf via serve", To = { new ExchangeMailbox("alice@example.com") } });
        }

        await WaitForAsync(Printed, @"Sender:\s+(\S+)");
        await stop.CancelAsync();
        (await serving).Should().Be(0);
        Printed().Should().Contain("From:        shared@example.com").And.Contain("Sender:      ops@example.com (sent on behalf of From)");
    }

    private static async Task<string> WaitForAsync(Func<string> printed, string pattern)
    {
        for (var i = 0; i < 200; i++)
        {
            if (Regex.Match(printed(), pattern) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"'{pattern}' did not appear in: {printed()}");
    }
}
