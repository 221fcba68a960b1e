using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>The check's Sender step over real HTTP against the bundled server: a SenderAddress that is not the account's own
/// mailbox is resolved (ResolveNames) and never passes silently; SendTestMessage proves Send As with a message to itself.</summary>
public class SendAsCheckTests
{
    private const string Account = "svc@example.com";
    private const string Shared = "shared@example.com";

    private static async Task<FakeEwsServer> StartAsync()
    {
        var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        server.AddUser(new FakeEwsUser(Account, "Service Account", Account, "svc-Pa55"));
        server.AddUser(new FakeEwsUser(Shared, "Shared Mailbox"));
        return server;
    }

    private static ExchangeMailSender Sender(FakeEwsServer server, string senderAddress) => ServerFixture.Sender(server, o =>
    {
        o.AuthenticationType = ExchangeAuthenticationType.Basic;
        o.UserName = Account;
        o.Password = "svc-Pa55";
        o.SenderAddress = senderAddress;
        o.SenderName = null;
    });

    private static ExchangeConnectionCheckStepResult SenderStep(ExchangeConnectionCheck check) =>
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender);

    [SkippableFact]
    public async Task A_shared_sender_that_resolves_passes_with_a_warning_that_Send_As_is_not_proven()
    {
        await using var server = await StartAsync();
        using var sender = Sender(server, Shared);
        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        check.Steps.Select(s => s.Step).Last().Should().Be(ExchangeConnectionCheckStep.Sender);
        SenderStep(check).Detail.Should().Be("SenderAddress 'shared@example.com' resolves to the mailbox 'Shared Mailbox' <shared@example.com>. "
            + "Send As was not proven (see the SendAsNotProven warning).");
        var warning = check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.SendAsNotProven).Subject;
        warning.Field.Should().Be("SenderAddress");
        warning.Message.Should().StartWith("Send As (or Send on Behalf) on 'shared@example.com' must be granted to account 'svc@example.com'; the check did not prove it, and without it every send fails with ErrorSendAsDenied.")
            .And.Contain("SendTestMessage").And.Contain("exchange-send check --send-test");
        check.TestMessageId.Should().BeNull();
        server.Requests.Select(r => r.Operation).Should().Equal("GetFolder", "ResolveNames");
        server.Requests[1].HttpStatus.Should().Be(200);
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_sender_that_resolves_to_no_mailbox_fails_the_sender_step()
    {
        await using var server = await StartAsync();
        using var sender = Sender(server, "nobody@example.com");
        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeFalse();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Sender);
        check.FailureReason.Should().Be("Exchange connection 'loopback': SenderAddress 'nobody@example.com' does not resolve to a mailbox (ResolveNames answered "
            + "ErrorNameResolutionNoResults): no message can be sent as it. Correct SenderAddress, or create the (shared) mailbox.");
        check.Error.Should().BeOfType<ExchangeServiceException>().Which.ResponseCode.ToString().Should().Be("ErrorNameResolutionNoResults");
        check.Steps.Where(s => s.Step != ExchangeConnectionCheckStep.Sender).Should().OnlyContain(s => s.Status == ExchangeConnectionCheckStatus.Passed);
    }

    [SkippableFact]
    public async Task The_account_s_own_mailbox_needs_no_resolution_and_no_warning()
    {
        await using var server = await StartAsync();
        using var sender = Sender(server, "SVC@example.com");
        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        SenderStep(check).Detail.Should().Be("SenderAddress 'SVC@example.com' is the account's own mailbox; no Send As right is needed.");
        check.Warnings.Select(w => w.Code).Should().Equal([ExchangeSendWarning.BasicAuthenticationOverHttp], "only the loopback's Basic over http:// is warned about");
        server.Requests.Select(r => r.Operation).Should().Equal("GetFolder");
    }

    [SkippableFact]
    public async Task A_server_that_cannot_resolve_leaves_Send_As_unproven_rather_than_failed()
    {
        await using var server = await StartAsync();
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorInvalidOperation", "Unknown request 'ResolveNames'."), "ResolveNames");
        using var sender = Sender(server, Shared);
        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        SenderStep(check).Detail.Should().StartWith("SenderAddress 'shared@example.com' could not be resolved (ErrorInvalidOperation");
        check.Warnings.Should().ContainSingle(w => w.Code == ExchangeSendWarning.SendAsNotProven);
    }

    [SkippableFact]
    public async Task The_send_test_reports_ErrorSendAsDenied_with_the_fix_when_the_right_is_missing()
    {
        await using var server = await StartAsync();
        using var sender = Sender(server, Shared);
        var check = await sender.TestConnectionAsync(new ExchangeConnectionCheckOptions { SendTestMessage = true }, CancellationToken.None);

        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Sender);
        check.FailureReason.Should().StartWith("The test message was not sent: Exchange connection 'loopback': the server refused to send as 'shared@example.com' (ErrorSendAsDenied)")
            .And.Contain("Add-ADPermission -ExtendedRights 'Send As'").And.Contain("Add-RecipientPermission -AccessRights SendAs");
        check.Error.Should().BeOfType<ExchangeServiceException>().Which.ResponseCode.Should().Be(ExchangeResponseCode.ErrorSendAsDenied);
        server.Requests.Select(r => (r.Operation, r.ResponseCode)).Should().Equal(("GetFolder", "NoError"), ("ResolveNames", "NoError"), ("CreateItem", "ErrorSendAsDenied"));
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task The_send_test_proves_a_granted_Send_As_with_a_message_from_the_sender_to_itself()
    {
        await using var server = await StartAsync();
        server.GrantSendAs(Account, Shared);
        using var sender = Sender(server, Shared);
        var check = await sender.TestConnectionAsync(new ExchangeConnectionCheckOptions { SendTestMessage = true }, CancellationToken.None);

        check.Succeeded.Should().BeTrue(check.ToString());
        check.Warnings.Should().NotContain(w => w.Code == ExchangeSendWarning.SendAsNotProven);
        var sent = server.SentMessages.Should().ContainSingle().Subject;
        sent.From!.Address.Should().Be(Shared);
        sent.ToRecipients.Select(r => r.Address).Should().Equal(Shared);
        sent.Subject.Should().Be("Exchange.Sending connection test (loopback)");
        check.TestMessageId.Should().MatchRegex("^<[0-9a-f]{32}@example.com>$");
        SenderStep(check).Detail.Should().EndWith($"Test message {check.TestMessageId} from 'shared@example.com' to itself was accepted: account 'svc@example.com' may send as 'shared@example.com'.");
    }

    [SkippableFact]
    public async Task Without_a_known_account_address_the_check_says_so_and_sends_nothing_extra()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        SenderStep(check).Detail.Should().StartWith("The account's own mailbox address is not known (no UserName)");
        server.Requests.Select(r => r.Operation).Should().Equal("GetFolder");
    }

    [SkippableFact]
    public async Task The_impersonated_user_is_the_own_mailbox()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(Account, Shared);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = Account;
            o.Password = "svc-Pa55";
            o.SenderAddress = Shared;
            o.ImpersonatedUser = Shared;
        });
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        SenderStep(check).Detail.Should().Be("SenderAddress 'shared@example.com' is the impersonated user's own mailbox; no Send As right is needed.");
        check.Warnings.Select(w => w.Code).Should().Equal([ExchangeSendWarning.BasicAuthenticationOverHttp], "only the loopback's Basic over http:// is warned about");
    }
}
