using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>EWS error codes (response messages and SOAP faults) become <see cref="ExchangeServiceException"/>s that keep the code and say what to do.</summary>
public class ServiceErrorTests
{
    [SkippableFact]
    public async Task Send_as_denied_says_exactly_which_address_was_refused_and_what_to_change()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.SenderAddress = "ceo@example.com");

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;

        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorSendAsDenied);
        error.Mailbox.Should().Be("ceo@example.com");
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Be(
            "Exchange connection 'loopback': the server refused to send as 'ceo@example.com' (ErrorSendAsDenied): Send As permission on that mailbox is missing for the anonymous request. "
            + "Grant the account Send As on 'ceo@example.com' (Exchange Server: Add-ADPermission -ExtendedRights 'Send As'; Exchange Online: Add-RecipientPermission -AccessRights SendAs), "
            + "or Send on Behalf (Set-Mailbox 'ceo@example.com' -GrantSendOnBehalfTo <account>; the message then shows 'on behalf of', and SentByAddress can name the account), "
            + "or set SenderAddress to the account's own mailbox address.");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Unknown_response_codes_are_kept()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorFromTheFuture", "Something new."));
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.IsKnown.Should().BeFalse();
        error.ResponseCode.ToString().Should().Be("ErrorFromTheFuture");
        error.ServerMessage.Should().Be("Something new.");
        error.Message.Should().Contain("ErrorFromTheFuture").And.Contain("Something new.");
    }

    [SkippableFact]
    public async Task Server_busy_with_back_off_is_retried_after_the_hint_and_sent_once()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(backOffMilliseconds: 200));
        using var sender = ServerFixture.Sender(server);

        await sender.SendAsync(TestOptions.Message(m => m.Subject = "after busy"));

        server.SentMessages.Select(m => m.Subject).Should().Equal("after busy");
        server.Requests.Should().HaveCount(2);
        server.Requests[0].HttpStatus.Should().Be(500);
        server.Requests[0].ResponseCode.Should().Be("ErrorServerBusy");
    }

    [SkippableFact]
    public async Task Server_busy_without_retries_surfaces_code_back_off_and_transience()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(backOffMilliseconds: 24000));
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorServerBusy);
        error.IsSoapFault.Should().BeTrue();
        error.HttpStatus.Should().Be(500);
        error.IsTransient.Should().BeTrue();
        error.BackOff.Should().Be(TimeSpan.FromSeconds(24));
    }

    [SkippableFact]
    public async Task Back_off_longer_than_the_allowed_delay_is_not_waited_for()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(backOffMilliseconds: 300_000));
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryDelay = TimeSpan.FromSeconds(5));

        var send = () => sender.SendAsync(TestOptions.Message());
        (await send.Should().ThrowAsync<ExchangeServiceException>()).Which.BackOff.Should().Be(TimeSpan.FromMinutes(5));
        server.Requests.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task Invalid_server_version_fault_is_explained()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP2");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2016);

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorInvalidServerVersion);
        error.IsSoapFault.Should().BeTrue();
        error.Message.Should().Contain("choose an older Version");
    }

    [SkippableFact]
    public async Task Warning_response_class_is_not_success()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorBatchProcessingStopped", "stopped", responseClass: "Warning"));
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);
        var send = () => sender.SendAsync(TestOptions.Message());
        (await send.Should().ThrowAsync<ExchangeServiceException>()).Which.Message.Should().Contain("(Warning)");
    }
}
