using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Log modes: Full logs each step, ErrorsOnly only failures, Off nothing; never a secret or a body.</summary>
public class LoggingTests
{
    private const string Secret = "Top-Secret-Pa55";
    private const string BodyText = "confidential body text";

    private static async Task<IReadOnlyList<FakeLogRecord>> SendTwiceAsync(ExchangeLogMode mode)
    {
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        server.AddUser(new FakeEwsUser("svc@example.com", "Service", "svc", Secret));
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.LogMode = mode;
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = "svc";
            o.Password = Secret;
            o.SenderAddress = "svc@example.com";
        }, factory);

        await sender.SendAsync(TestOptions.Message(m => m.Body = ExchangeMessageBody.Text(BodyText)));
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorQuotaExceeded", "full"));
        var failing = () => sender.SendAsync(TestOptions.Message(m => m.Body = ExchangeMessageBody.Text(BodyText)));
        await failing.Should().ThrowAsync<ExchangeServiceException>();
        return collector.GetSnapshot();
    }

    [SkippableFact]
    public async Task Full_logs_every_step_with_counts_sizes_and_codes()
    {
        var records = await SendTwiceAsync(ExchangeLogMode.Full);
        records.Select(r => r.Id.Id).Should().Contain([1001, 1002, 1003, 1004]);
        var sent = records.Single(r => r.Id.Id == 1003);
        sent.Message.Should().MatchRegex(@"^Sent <[0-9a-f]{32}@example.com> via loopback \(SendAndSaveCopy\) to 1 recipients, \d+ bytes, in \d+ ms$");
        records.Single(r => r.Id.Id == 1004).Message.Should().Contain("ErrorQuotaExceeded");
        AssertNoSecrets(records);
    }

    [SkippableFact]
    public async Task Errors_only_logs_just_warnings_and_the_failure()
    {
        var records = await SendTwiceAsync(ExchangeLogMode.ErrorsOnly);
        // These sends use Basic over http://, which is warned about (1401) when the sender is built: ErrorsOnly passes
        // warnings and errors, and nothing of the successful send.
        records.Select(r => (r.Id.Id, r.Level)).Should().Equal((1401, LogLevel.Warning), (1004, LogLevel.Error));
        AssertNoSecrets(records);
    }

    [SkippableFact]
    public async Task Off_logs_nothing() => (await SendTwiceAsync(ExchangeLogMode.Off)).Should().BeEmpty();

    private static void AssertNoSecrets(IEnumerable<FakeLogRecord> records)
    {
        foreach (var record in records)
        {
            var text = record.Message + string.Join(";", record.StructuredState ?? []) + record.Exception;
            text.Should().NotContain(Secret).And.NotContain(BodyText).And.NotContain("Authorization");
            text.Should().NotContain(Convert.ToBase64String("svc:Top-Secret-Pa55"u8.ToArray()));
        }
    }
}
