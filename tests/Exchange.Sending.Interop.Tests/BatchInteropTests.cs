using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// Batches against gromox: several typed items in one <c>CreateItem</c> arrive one by one; a message gromox cannot deliver
/// aborts the whole request with a SOAP fault after the items before it went out, so the batch reports the request's messages
/// as unknown, never as failed. (With the default Automatic format gromox gets MIME, which the batch sends one message per
/// request; these tests name the Items format to put several items in one request.) Listed in docs/servers.md.
/// </summary>
public sealed class BatchInteropTests : InteropTest
{
    [SkippableFact]
    public async Task Three_typed_messages_in_one_request_each_arrive_once()
    {
        using var sender = NewSender(o => o.MessageFormat = ExchangeMessageFormat.Items);
        var messages = Enumerable.Range(0, 3).Select(i => NewMessage($"batch {i}", User2)).ToList();

        var result = await sender.SendAsync(messages);

        result.AllSent.Should().BeTrue(string.Join("; ", result.Items.Select(i => i.Error?.Message)));
        result.RequestCount.Should().Be(1);
        for (var i = 0; i < 3; i++)
        {
            var found = await User2Box.WaitForMessageAsync("inbox", $"batch {i} [{Token}]");
            found.Message.Subject.Should().Be(Subject($"batch {i}"));
        }

        (await User2Box.CountAsync("inbox", Token)).Should().Be(3);
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(3);
    }

    [SkippableFact]
    public async Task An_undeliverable_message_in_the_middle_leaves_the_whole_request_unknown_and_the_one_before_it_arrived()
    {
        using var sender = NewSender(o => o.MessageFormat = ExchangeMessageFormat.Items);
        var messages = new List<ExchangeMailMessage>
        {
            NewMessage("first", User2),
            NewMessage("outside", new ExchangeMailbox("someone@elsewhere.invalid")),
            NewMessage("third", User2),
        };

        var result = await sender.SendAsync(messages);

        result.Items.Select(i => i.Status).Should().Equal(Enumerable.Repeat(ExchangeBatchItemStatus.OutcomeUnknown, 3),
            "gromox sent the first message before it failed on the second: none of the three may be reported as not sent");
        var first = await User2Box.WaitForMessageAsync("inbox", $"first [{Token}]");
        first.Message.Subject.Should().Be(Subject("first"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await User2Box.CountAsync("inbox", $"third [{Token}]")).Should().Be(0, "gromox stops at the failing message");
    }
}
