using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// The connection check's version discovery and Sender step against gromox 3.10: its fixed ServerVersionInfo names
/// V2017_07_11; it implements ResolveNames (its address book, then an exact lookup); it ignores RequestServerVersion, and
/// does not check Send As on MIME sends (docs/servers.md), so a send test there proves sending, not the right.
/// </summary>
public sealed class VersionAndSendAsInteropTests : InteropTest
{
    [SkippableFact]
    public async Task The_check_recommends_the_version_gromox_names_and_warns_about_a_newer_setting()
    {
        using var sender = NewSender();
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.RecommendedVersion.Should().Be(ExchangeVersion.V2017_07_11, "gromox reports Version=\"V2017_07_11\"");
        check.RequestedVersion.Should().Be(ExchangeVersion.Exchange2013_SP1);
        check.Warnings.Should().NotContain(w => w.Code.StartsWith("Version", StringComparison.Ordinal), "the default is older than V2017_07_11 and not older than Exchange2010_SP2");

        using var newer = NewSender(o => o.Version = ExchangeVersion.V2018_01_08);
        var newerCheck = await newer.TestConnectionAsync();
        newerCheck.Succeeded.Should().BeTrue("gromox ignores RequestServerVersion: " + newerCheck);
        newerCheck.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.VersionNewerThanServer)
            .Which.Message.Should().Contain("15.0.847.4040").And.EndWith("Set Version to V2017_07_11.");
    }

    [SkippableFact]
    public async Task The_own_mailbox_passes_the_sender_step_without_a_request()
    {
        using var sender = NewSender();
        var check = await sender.TestConnectionAsync();
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender).Detail.Should()
            .Be("SenderAddress 'user1@example.test' is the account's own mailbox; no Send As right is needed.");
        check.Warnings.Should().NotContain(w => w.Code == ExchangeSendWarning.SendAsNotProven);
    }

    [SkippableFact]
    public async Task Another_mailbox_resolves_through_gromox_ResolveNames_and_Send_As_is_reported_unproven()
    {
        using var sender = NewSender(o => o.SenderAddress = GromoxEnvironment.User3.Address);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender).Detail.Should()
            .StartWith("SenderAddress 'user3@example.test' resolves to the mailbox 'User Three' <user3@example.test>.");
        check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.SendAsNotProven)
            .Which.Message.Should().Contain("must be granted to account 'user1@example.test'");
    }

    [SkippableFact]
    public async Task An_address_gromox_cannot_resolve_fails_the_sender_step()
    {
        using var sender = NewSender(o => o.SenderAddress = "nobody-" + Token[..8] + "@example.test");
        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Sender, check.ToString());
        check.FailureReason.Should().Contain("does not resolve to a mailbox").And.Contain("ErrorNameResolutionNoResults");
    }

    [SkippableFact]
    public async Task A_send_test_on_gromox_is_delivered_but_does_not_prove_Send_As()
    {
        using var sender = NewSender(o =>
        {
            o.SystemName = "check_" + Token[..12];
            o.SenderAddress = GromoxEnvironment.User3.Address;
            o.SenderName = null;
        });
        var check = await sender.TestConnectionAsync(new ExchangeConnectionCheckOptions { SendTestMessage = true }, CancellationToken.None);

        check.Succeeded.Should().BeTrue(check.ToString());
        check.TestMessageId.Should().NotBeNull();
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender).Detail.Should()
            .Contain("gromox does not check Send As, so the right is not proven.");
        check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.SendAsNotProven)
            .Which.Message.Should().StartWith("The server is gromox, which does not check Send As");
        var received = await User3Box.WaitForMessageAsync("inbox", Token[..12]);
        received.Message.Subject.Should().Be($"Exchange.Sending connection test (check_{Token[..12]})");
        received.Message.From.Mailboxes.Single().Address.Should().Be(GromoxEnvironment.User3.Address);
    }
}
