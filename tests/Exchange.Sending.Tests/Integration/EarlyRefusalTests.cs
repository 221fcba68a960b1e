using System.Security.Cryptography;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>A server that refuses a large upload before reading it (IIS's 413, an early 401) is reported with its status
/// when it answers <c>Expect: 100-continue</c>, and as a non-transient "refused during upload" when it does not (gromox),
/// never as a transient broken pipe.</summary>
public class EarlyRefusalTests
{
    private static ExchangeMailMessage Large() =>
        TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("big.bin", RandomNumberGenerator.GetBytes(5 * 1024 * 1024))));

    [SkippableFact]
    public async Task A_413_before_the_body_is_read_comes_back_as_its_status_and_the_body_is_not_uploaded()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        (await sender.TestConnectionAsync()).Server.Should().Be(ExchangeServerProduct.MicrosoftExchange, "only a server known to be Exchange is asked for 100-continue");
        server.ClearHistory();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413, "<html>Request Entity Too Large</html>", "text/html"));

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(Large())).Should().ThrowAsync<ExchangeTransportException>()).Which;

        error.Failure.Should().Be(ExchangeTransportFailure.HttpStatus);
        error.HttpStatus.Should().Be(413);
        error.IsTransient.Should().BeFalse();
        error.OutcomeUnknown.Should().BeFalse();
        error.Message.Should().Contain("HTTP 413 (the server said: \"Request Entity Too Large\")").And.Contain("larger than the server");
        server.Requests.Should().ContainSingle().Which.HttpStatus.Should().Be(413);
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Without_100_continue_a_refusal_mid_upload_is_not_transient_and_says_nothing_was_delivered()
    {
        // gromox never answers 100 Continue, so the library does not ask it; the emulated server closes mid-upload.
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = new FakeEwsServerVersionInfo(15, 0, 847, 4040, "V2017_07_11"));
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);
        await sender.TestConnectionAsync();
        server.EnqueueFault(FakeEwsFault.RespondBeforeBodyRead(413));

        var error = (await FluentActions.Awaiting(() => sender.SendAsync(Large())).Should().ThrowAsync<ExchangeTransportException>()).Which;

        error.IsTransient.Should().BeFalse("the same request is refused the same way");
        error.OutcomeUnknown.Should().BeFalse("the server cannot have processed a request it did not read");
        error.InternetMessageId.Should().NotBeNull();
        if (error.Failure == ExchangeTransportFailure.UploadAborted)
        {
            error.Message.Should().Contain("closed the connection after").And.Contain("nothing was delivered");
        }
        else
        {
            // On loopback the kernel may take the whole body before the reset: then the 413 itself is read.
            error.HttpStatus.Should().Be(413);
        }

        server.SentMessages.Should().BeEmpty();
    }
}
