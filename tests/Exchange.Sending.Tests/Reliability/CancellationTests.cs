using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>A cancelled send throws ExchangeSendCanceledException (an OperationCanceledException) that says whether the request
/// had left, so the caller knows whether the message may still be delivered.</summary>
public class CancellationTests
{
    [SkippableFact]
    public async Task Cancelled_while_waiting_for_the_answer_the_message_may_still_be_delivered()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(5)), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
        var send = () => sender.SendAsync(TestOptions.Message(), cancel.Token);

        var error = (await send.Should().ThrowAsync<OperationCanceledException>()).Which.Should().BeOfType<ExchangeSendCanceledException>().Subject;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeTrue();
        error.OutcomeUnknown.Should().BeTrue();
        error.Operation.Should().Be("CreateItem");
        error.InternetMessageId.Should().NotBeNullOrEmpty();
        error.Message.Should().Contain("waiting for the answer to CreateItem").And.Contain($"look for Message-ID {error.InternetMessageId}");
        (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).InternetMessageId.Should().Be(error.InternetMessageId, "the server did process it");
    }

    [SkippableFact]
    public async Task Cancelled_before_anything_was_sent_nothing_was_sent()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var send = () => sender.SendAsync(TestOptions.Message(), cancel.Token);

        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.RequestSent.Should().BeFalse();
        error.OutcomeUnknown.Should().BeFalse();
        error.Message.Should().Contain("Nothing was sent");
        server.Requests.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Cancelled_while_the_body_was_uploading_nothing_can_have_been_processed()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var slow = new SlowStream(new byte[2 * 1024 * 1024], TimeSpan.FromMilliseconds(100));
        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("big.bin", slow))), cancel.Token);

        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.RequestSent.Should().BeFalse();
        error.OutcomeUnknown.Should().BeFalse();
        error.Message.Should().Contain("while CreateItem was being sent").And.Contain("Nothing was sent");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Three_call_path_cancelled_after_send_item_left_keeps_the_draft_and_says_so()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(8)), "SendItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        // CreateItem and CreateAttachment answer at once; SendItem is processed, then its answer waits 8 s: cancel in between.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var sending = sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain"))), cancel.Token);
        var error = (await ((Func<Task>)(() => sending)).Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.OutcomeUnknown.Should().BeTrue();
        error.LeftoverDraftItemId.Should().NotBeNull();
        server.Requests.Select(r => r.Operation).Should().NotContain("DeleteItem", "a draft that may have been sent is not deleted");
    }

    [SkippableFact]
    public async Task Three_call_path_cancelled_before_send_item_deletes_the_unsent_draft()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(8)), "CreateAttachment");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain"))), cancel.Token);

        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.OutcomeUnknown.Should().BeFalse("SendItem was never sent");
        error.LeftoverDraftItemId.Should().BeNull();
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.SentMessages.Should().BeEmpty();
    }
}
