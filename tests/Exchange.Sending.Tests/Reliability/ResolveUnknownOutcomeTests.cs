using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>ResolveUnknownOutcomes settles a lost answer by looking in Sent Items, and sends again only when the lookup proved
/// the message unsent; never a third time.</summary>
public class ResolveUnknownOutcomeTests
{
    // A 200 whose XML breaks off, answered before the body was read: the server stored nothing, but the client cannot know.
    private static readonly FakeEwsFault LostUnprocessed = FakeEwsFault.HttpStatus(200,
        "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><m:CreateItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
        "text/xml; charset=utf-8");

    // A fault answered before the body was read records no operation: every request that is not a lookup is a send attempt here.
    private static int CreateItemAttempts(FakeEwsServer server) => server.Requests.Count(r => r.Operation is not ("FindItem" or "DeleteItem" or "GetFolder"));

    private static Action<ExchangeConnectionOptions> Resolving => o =>
    {
        o.ResolveUnknownOutcomes = true;
        o.SentItemsFilingTime = TimeSpan.FromSeconds(1);
    };

    [SkippableFact]
    public async Task A_lost_answer_to_a_message_the_server_sent_is_reported_sent_and_not_sent_again()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, Resolving);
        var result = await sender.SendAsync(TestOptions.Message());

        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.FoundInSentItems);
        result.OutcomeLookup!.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        server.SentMessages.Should().ContainSingle().Which.InternetMessageId.Should().Be(result.InternetMessageId);
        CreateItemAttempts(server).Should().Be(1);
    }

    [SkippableFact]
    public async Task A_time_out_after_the_server_processed_the_message_is_reported_sent_and_not_sent_again()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(4)), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { Resolving(o); o.RequestTimeout = TimeSpan.FromSeconds(1); });
        var result = await sender.SendAsync(TestOptions.Message());

        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.FoundInSentItems);
        server.SentMessages.Should().ContainSingle();
        CreateItemAttempts(server).Should().Be(1);
    }

    [SkippableFact]
    public async Task A_lost_answer_to_a_message_the_server_never_took_is_sent_once_more_after_the_filing_time()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(LostUnprocessed, "CreateItem");
        using var sender = ServerFixture.Sender(server, Resolving);
        var result = await sender.SendAsync(TestOptions.Message());

        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.ResentAfterNotFound);
        result.OutcomeLookup!.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        result.OutcomeLookup.Covered.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        server.SentMessages.Should().ContainSingle();
        CreateItemAttempts(server).Should().Be(2);
    }

    [SkippableFact]
    public async Task A_second_lost_answer_is_raised_naming_the_first_lookup_and_no_third_attempt_is_made()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(LostUnprocessed, "CreateItem");
        server.EnqueueFault(LostUnprocessed, "CreateItem");
        using var sender = ServerFixture.Sender(server, Resolving);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;

        error.OutcomeUnknown.Should().BeTrue();
        error.OutcomeLookup!.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        error.Message.Should().Contain("This was a second attempt").And.Contain("not tried a third time");
        CreateItemAttempts(server).Should().Be(2);
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task An_undecidable_lookup_raises_the_unknown_outcome_with_the_lookup_and_sends_nothing_more()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(LostUnprocessed, "CreateItem");
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorAccessDenied", "Access is denied."), "FindItem");
        using var sender = ServerFixture.Sender(server, Resolving);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;

        error.OutcomeUnknown.Should().BeTrue();
        error.OutcomeLookup!.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.AccessDenied);
        error.Message.Should().Contain("could not decide").And.Contain("ErrorAccessDenied");
        CreateItemAttempts(server).Should().Be(1);
    }

    [SkippableFact]
    public async Task An_earlier_message_with_the_same_message_id_but_other_content_does_not_count_as_this_one()
    {
        // A caller may send one Message-ID twice on purpose (to different people); only this attempt's copy settles it.
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, Resolving);
        var first = await sender.SendAsync(TestOptions.Message(m => { m.InternetMessageId = "<reused-1@example.com>"; m.Subject = "for Alice"; }));
        server.EnqueueFault(LostUnprocessed, "CreateItem");
        var second = await sender.SendAsync(TestOptions.Message(m => { m.InternetMessageId = "<reused-1@example.com>"; m.Subject = "for Bob"; }));

        second.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.ResentAfterNotFound);
        server.SentMessages.Select(m => m.Subject).Should().Equal("for Alice", "for Bob");
        first.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.None);
    }

    [SkippableFact]
    public async Task Three_call_path_a_lost_send_item_answer_that_was_not_processed_deletes_the_draft_and_sends_again()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>", "text/xml"), "SendItem");
        using var sender = ServerFixture.Sender(server, o => { Resolving(o); o.Version = ExchangeVersion.Exchange2010_SP1; });
        var result = await sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain"))));

        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.ResentAfterNotFound);
        result.OutcomeLookup!.DraftDeleted.Should().BeTrue("the first attempt's draft was never sent");
        server.SentMessages.Should().ContainSingle();
        server.GetFolderItems("drafts").Should().BeEmpty();
    }

    [Fact]
    public void Resolving_needs_sent_items_copies_and_a_filing_time_in_range()
    {
        var errors = TestOptions.Valid(o => { o.ResolveUnknownOutcomes = true; o.SaveCopyToSentItems = false; o.SentItemsFilingTime = TimeSpan.FromMinutes(10); }).Validate();
        errors.Should().Contain(e => e.Contains("ResolveUnknownOutcomes needs SaveCopyToSentItems", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("SentItemsFilingTime 00:10:00 is out of range", StringComparison.Ordinal));
    }
}
