using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// Finding out whether a message was sent, on a real server: gromox keeps the Message-ID of MIME sends (the default,
/// Automatic, on gromox), so FindSentMessageAsync can find the Sent Items copy, and an answer lost on the way back (through
/// <see cref="AnswerDroppingProxy"/>) is settled by ResolveUnknownOutcomes without a second copy arriving.
/// </summary>
public sealed class OutcomeLookupTests : InteropTest
{
    private static readonly ExchangeMessageLookupOptions Quick = new() { FilingTime = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromMilliseconds(300) };

    [SkippableFact]
    public async Task A_mime_send_is_found_in_sent_items_by_its_message_id()
    {
        using var sender = NewSender();
        var result = await sender.SendAsync(NewMessage("lookup sent"));
        var lookup = await sender.FindSentMessageAsync(result.InternetMessageId, Quick);

        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent, lookup.Explanation);
        lookup.ItemId.Should().NotBeNullOrEmpty();
        lookup.Subject.Should().Be(Subject("lookup sent"));
        lookup.SentCopies.Should().Be(1);
        var copy = await User1Box.WaitForMessageAsync("sentitems", Token);
        BareMessageId(copy.Message.MessageId).Should().Be(BareMessageId(result.InternetMessageId));
    }

    [SkippableFact]
    public async Task A_message_id_never_sent_is_not_found_after_the_filing_time()
    {
        using var sender = NewSender();
        await sender.TestConnectionAsync();
        var lookup = await sender.FindSentMessageAsync($"<never-{Token}@example.test>", Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.NotFound, lookup.Explanation);
        lookup.Searches.Should().BeGreaterThan(1);
    }

    [SkippableFact]
    public async Task Typed_items_lose_their_message_id_on_gromox_so_the_lookup_says_it_cannot_decide()
    {
        using var sender = NewSender(o => o.MessageFormat = ExchangeMessageFormat.Items);
        var result = await sender.SendAsync(NewMessage("lookup items"));
        var lookup = await sender.FindSentMessageAsync(result.InternetMessageId, Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable, lookup.Explanation);
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.MessageIdNotKept);
    }

    [SkippableFact]
    public async Task An_answer_lost_after_gromox_sent_the_message_is_found_and_not_sent_again()
    {
        await using var proxy = new AnswerDroppingProxy(Env.EwsUrl, "<m:CreateItem", dropCount: 1);
        using var sender = NewSender(o =>
        {
            o.ServerUrl = proxy.ServerUrl;
            o.ResolveUnknownOutcomes = true;
            o.SentItemsFilingTime = TimeSpan.FromSeconds(5);
        });

        var result = await sender.SendAsync(NewMessage("lost answer"));

        proxy.Dropped.Should().Be(1);
        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.FoundInSentItems, result.OutcomeLookup?.Explanation);
        await User2Box.WaitForMessageAsync("inbox", Token);
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await User2Box.FindAsync("inbox", Token)).Should().HaveCount(1, "the message arrived once: it was not sent again");
    }

    [SkippableFact]
    public async Task Without_resolving_the_lost_answer_is_an_unknown_outcome_that_the_lookup_settles()
    {
        await using var proxy = new AnswerDroppingProxy(Env.EwsUrl, "<m:CreateItem", dropCount: 1);
        using var sender = NewSender(o => o.ServerUrl = proxy.ServerUrl);
        var send = () => sender.SendAsync(NewMessage("lost answer, looked up"));
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.OutcomeUnknown.Should().BeTrue();

        var lookup = await sender.FindSentMessageAsync(error.InternetMessageId!, Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent, lookup.Explanation);
        (await User2Box.WaitForMessageAsync("inbox", Token)).Should().NotBeNull();
    }
}
