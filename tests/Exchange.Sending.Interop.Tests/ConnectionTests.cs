using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>The connection check, credentials and server-side refusals against gromox.</summary>
public sealed class ConnectionTests : InteropTest
{
    [SkippableFact]
    public async Task Connection_check_passes_every_step_and_reports_gromox_and_mime()
    {
        using var sender = NewSender();

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        check.Steps.Should().OnlyContain(s => s.Status == ExchangeConnectionCheckStatus.Passed, check.ToString());
        check.Steps.Select(s => s.Step).Should().Contain([ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStep.Authentication,
            ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStep.Mailbox]);
        check.ServerVersion.Should().Be(new ExchangeServerVersionInfo(15, 0, 847, 4040, "V2017_07_11"), "gromox 3.10's fixed ServerVersionInfo");
        check.Server.Should().Be(ExchangeServerProduct.Gromox);
        check.MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        check.MessageFormatReason.Should().NotBeNullOrWhiteSpace();
        check.OfferedAuthenticationSchemes.Should().BeEmpty("the credentials were accepted at once");
    }

    [SkippableFact]
    public async Task Connection_check_with_items_format_configured_reports_items()
    {
        using var sender = NewSender(o => o.MessageFormat = ExchangeMessageFormat.Items);

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        check.Server.Should().Be(ExchangeServerProduct.Gromox);
        check.MessageFormat.Should().Be(ExchangeMessageFormat.Items, "a configured format is not overridden");
    }

    [SkippableFact]
    public async Task Wrong_password_gives_an_authentication_exception_naming_basic_and_sends_nothing()
    {
        // gromox blocks a client for a minute after 10 failed logins (http_auth_times): this test makes two at most.
        using var sender = NewSender(password: "not-the-password");

        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeFalse();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Authentication, check.ToString());
        check.OfferedAuthenticationSchemes.Should().Contain(s => s.StartsWith("Basic", StringComparison.OrdinalIgnoreCase));

        var send = () => sender.SendAsync(NewMessage("Wrong password"));
        var error = (await send.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.HttpStatus.Should().Be(401);
        error.OfferedSchemes.Should().Contain(s => s.StartsWith("Basic", StringComparison.OrdinalIgnoreCase));
        error.Message.Should().NotContain("not-the-password");
        error.IsTransient.Should().BeFalse();

        await Task.Delay(500);
        (await User2Box.CountAsync("inbox", Token)).Should().Be(0);
    }

    [SkippableFact]
    public async Task Recipient_outside_the_domain_gives_a_service_exception_and_gromox_keeps_the_sent_items_copy()
    {
        using var sender = NewSender();
        var message = NewMessage("Outside recipient", new ExchangeMailbox("someone@elsewhere.invalid", "Someone Else"));

        var send = () => sender.SendAsync(message);

        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.HttpStatus.Should().Be(500);
        error.IsSoapFault.Should().BeTrue();
        error.Message.Should().Contain("failed to send mail", "gromox's fault text (E-3117) must reach the caller");
        error.InternetMessageId.Should().NotBeNullOrEmpty("every send failure names its Message-ID");
        error.MaxRetriesWereNotSpent();

        // Known gromox behaviour (docs/servers.md): it writes the Sent Items copy before it tries to send, and leaves it.
        var copies = await User1Box.FindAsync("sentitems", Token);
        copies.Should().HaveCount(1, "gromox 3.10 leaves exactly one Sent Items copy of a send it refused; if this changed, update docs/servers.md");
        var copy = await User1Box.GetAsync(copies[0].Id);
        BareMessageId(copy.Message.MessageId).Should().Be(BareMessageId(error.InternetMessageId));
    }

    [SkippableFact]
    public async Task Mixed_local_and_outside_recipients_fail_as_a_whole_and_the_local_one_receives_nothing()
    {
        using var sender = NewSender(o => o.SaveCopyToSentItems = false);
        var message = NewMessage("Mixed recipients", User2, new ExchangeMailbox("someone@elsewhere.invalid"));

        var send = () => sender.SendAsync(message);

        await send.Should().ThrowAsync<ExchangeServiceException>();
        await Task.Delay(1000);
        (await User2Box.CountAsync("inbox", Token)).Should().Be(0, "gromox refuses the whole SMTP transaction");
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(0, "SendOnly leaves nothing behind");
    }
}

internal static class ExchangeExceptionAssertions
{
    /// <summary>A refused recipient is not transient: the sender must not have retried it (one request, one copy).</summary>
    public static void MaxRetriesWereNotSpent(this ExchangeServiceException error) =>
        error.IsTransient.Should().BeFalse("an unknown recipient will not be accepted by trying again");
}
