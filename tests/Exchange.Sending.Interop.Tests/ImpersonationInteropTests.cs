using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// <c>t:ExchangeImpersonation</c> against gromox, which reads that header (and no other SOAP header) but decides by its
/// own permission model, not Exchange's ApplicationImpersonation role. Listed in docs/servers.md.
/// </summary>
public sealed class ImpersonationInteropTests : InteropTest
{
    [SkippableFact]
    public async Task Impersonating_another_user_without_a_gromox_permission_is_refused_and_nothing_arrives()
    {
        using var sender = NewSender(o =>
        {
            o.ImpersonatedUser = GromoxEnvironment.User3.Address;
            o.SenderAddress = GromoxEnvironment.User3.Address;
        });

        var act = () => sender.SendAsync(NewMessage("impersonation refused", User2));

        var error = (await act.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorImpersonateUserDenied, "gromox answers as Exchange does when the right is missing");
        error.Message.Should().Contain("ImpersonatedUser");
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await User2Box.CountAsync("inbox", Token)).Should().Be(0);
    }

    [SkippableFact]
    public async Task Impersonating_oneself_is_accepted_and_the_message_arrives()
    {
        using var sender = NewSender(o => o.ImpersonatedUser = GromoxEnvironment.User1.Address);

        await sender.SendAsync(NewMessage("impersonating oneself", User2));

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.Subject.Should().Be(Subject("impersonating oneself"));
    }

    [SkippableFact]
    public async Task Impersonating_an_unknown_mailbox_is_refused()
    {
        using var sender = NewSender(o => { o.ImpersonatedUser = "nobody@example.test"; o.SenderAddress = "nobody@example.test"; });

        var act = () => sender.SendAsync(NewMessage("impersonating nobody", User2));

        (await act.Should().ThrowAsync<ExchangeServiceException>()).Which.ResponseCode.Should().Be(ExchangeResponseCode.ErrorCannotFindUser,
            "gromox answers ErrorCannotFindUser where Exchange answers ErrorNonExistentMailbox");
    }
}
