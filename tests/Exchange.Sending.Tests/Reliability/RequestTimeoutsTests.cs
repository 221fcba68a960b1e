using Exchange.Sending.Transport;
using FluentAssertions;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>The pooled per-request token sources (issue 10): a source is reused only when nothing cancelled it, and what
/// cancelled an earlier request never reaches a later one.</summary>
public sealed class RequestTimeoutsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_caller_and_the_lifetime_each_cancel_the_request_token()
    {
        var timeouts = new RequestTimeouts(4);
        using var lifetime = new CancellationTokenSource();
        using var caller = new CancellationTokenSource();
        using (var lease = timeouts.Start(Long, reusable: true, lifetime.Token, caller.Token))
        {
            lease.Token.IsCancellationRequested.Should().BeFalse();
            caller.Cancel();
            lease.Token.IsCancellationRequested.Should().BeTrue();
        }

        using (var lease = timeouts.Start(Long, reusable: true, lifetime.Token, CancellationToken.None))
        {
            lease.Token.IsCancellationRequested.Should().BeFalse("a cancelled source is not handed out again");
            lifetime.Cancel();
            lease.Token.IsCancellationRequested.Should().BeTrue();
        }
    }

    [Fact]
    public void A_reused_source_does_not_hear_an_earlier_callers_cancellation()
    {
        var timeouts = new RequestTimeouts(4);
        using var lifetime = new CancellationTokenSource();
        using var first = new CancellationTokenSource();
        CancellationToken firstToken;
        using (var lease = timeouts.Start(Long, reusable: true, lifetime.Token, first.Token))
        {
            firstToken = lease.Token;
        }

        using var second = timeouts.Start(Long, reusable: true, lifetime.Token, CancellationToken.None);
        second.Token.Should().Be(firstToken, "the source was kept and handed out again");
        first.Cancel();
        second.Token.IsCancellationRequested.Should().BeFalse("the first caller's registration ended with its request");
    }

    [Fact]
    public async Task The_timeout_cancels_the_request_token_and_the_source_is_then_replaced()
    {
        var timeouts = new RequestTimeouts(4);
        CancellationToken timedOut;
        using (var lease = timeouts.Start(TimeSpan.FromMilliseconds(50), reusable: true, CancellationToken.None, CancellationToken.None))
        {
            timedOut = lease.Token;
            var fired = new TaskCompletionSource();
            using var registration = lease.Token.Register(() => fired.TrySetResult());
            (await Task.WhenAny(fired.Task, Task.Delay(TimeSpan.FromSeconds(10)))).Should().Be(fired.Task);
        }

        using var next = timeouts.Start(Long, reusable: true, CancellationToken.None, CancellationToken.None);
        next.Token.Should().NotBe(timedOut);
        next.Token.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task A_kept_source_does_not_fire_the_earlier_requests_timer()
    {
        var timeouts = new RequestTimeouts(4);
        using (timeouts.Start(TimeSpan.FromMilliseconds(100), reusable: true, CancellationToken.None, CancellationToken.None))
        {
        }

        using var next = timeouts.Start(Long, reusable: true, CancellationToken.None, CancellationToken.None);
        await Task.Delay(400);
        next.Token.IsCancellationRequested.Should().BeFalse("the reset stopped the first request's 100 ms timer");
    }

    [Fact]
    public void A_large_request_gets_a_source_of_its_own()
    {
        var timeouts = new RequestTimeouts(4);
        CancellationToken own;
        using (var lease = timeouts.Start(Long, reusable: false, CancellationToken.None, CancellationToken.None))
        {
            own = lease.Token;
        }

        using var next = timeouts.Start(Long, reusable: true, CancellationToken.None, CancellationToken.None);
        next.Token.Should().NotBe(own);
    }
}
