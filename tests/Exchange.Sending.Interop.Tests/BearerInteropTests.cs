using System.Collections.Concurrent;
using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// Bearer tokens against gromox, which does not take them (it authenticates EWS with Basic only): the send must fail as
/// an authentication error that names Bearer and what the server offers, without the token and without a resend.
/// </summary>
public sealed class BearerInteropTests : InteropTest
{
    [SkippableFact]
    public async Task A_bearer_token_is_refused_clearly_without_the_token_and_nothing_arrives()
    {
        const string Secret = "eyJ0eXAiOiJKV1QifQ.interop-secret-payload.sig";
        var requests = new ConcurrentQueue<ExchangeAccessTokenRequest>();
        using var sender = NewSender(o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.UserName = null;
            o.Password = null;
            o.AccessTokenProvider = (request, _) =>
            {
                requests.Enqueue(request);
                return ValueTask.FromResult(new ExchangeAccessToken(Secret, DateTimeOffset.UtcNow.AddHours(1)));
            };
        });

        var act = () => sender.SendAsync(NewMessage("bearer refused", User2));

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.HttpStatus.Should().Be(401);
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.NoUsableScheme);
        error.OfferedSchemes.Should().NotContain(s => string.Equals(s, "Bearer", StringComparison.OrdinalIgnoreCase))
            .And.Contain(s => string.Equals(s, "Basic", StringComparison.OrdinalIgnoreCase));
        error.Message.Should().Contain("with Bearer authentication").And.Contain("does not accept bearer tokens");
        error.ToString().Should().NotContain("interop-secret-payload");
        requests.Should().ContainSingle("a 401 without a Bearer challenge is not worth a refresh").Which.ForceRefresh.Should().BeFalse();
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await User2Box.CountAsync("inbox", Token)).Should().Be(0);
    }
}
