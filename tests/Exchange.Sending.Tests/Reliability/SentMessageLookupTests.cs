using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>FindSentMessageAsync answers Sent, NotFound (only after the server had time to file the copy) or Undecidable (and why),
/// over real HTTP against the bundled server's FindItem.</summary>
public class SentMessageLookupTests
{
    private static readonly ExchangeMessageLookupOptions Quick = new() { FilingTime = TimeSpan.FromSeconds(1.5), PollInterval = TimeSpan.FromMilliseconds(200) };

    [SkippableFact]
    public async Task A_sent_message_is_found_in_sent_items_with_its_item_and_time()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var sent = await sender.SendAsync(TestOptions.Message(m => m.Subject = "find me"));
        var lookup = await sender.FindSentMessageAsync(sent.InternetMessageId, Quick);

        var copy = server.GetFolderItems("sentitems").Should().ContainSingle().Subject;
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        lookup.ItemId.Should().Be(copy.ItemId);
        lookup.Subject.Should().Be("find me");
        lookup.DateTimeSent.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        lookup.SentCopies.Should().Be(1);
        lookup.Searches.Should().Be(1, "found at once, nothing to wait for");
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.None);
        server.Requests.Select(r => r.Operation).Should().Equal("CreateItem", "FindItem", "FindItem");
    }

    [SkippableFact]
    public async Task A_message_never_sent_is_not_found_only_after_the_filing_time_and_the_searches_are_repeated()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        await sender.SendAsync(TestOptions.Message());
        var lookup = await sender.FindSentMessageAsync("<never-sent@example.com>", Quick);

        lookup.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        lookup.Covered.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5));
        lookup.Searches.Should().BeGreaterThanOrEqualTo(3);
        lookup.Explanation.Should().Contain("was not sent");
        lookup.DraftItemId.Should().BeNull();
    }

    [SkippableFact]
    public async Task A_copy_the_server_files_late_is_found_by_looking_again()
    {
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(1));
        using var sender = ServerFixture.Sender(server);
        var sent = await sender.SendAsync(TestOptions.Message());
        var lookup = await sender.FindSentMessageAsync(sent.InternetMessageId, new() { FilingTime = TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromMilliseconds(250) });

        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        lookup.Searches.Should().BeGreaterThan(1, "the first search ran before the copy was filed");
    }

    [SkippableFact]
    public async Task The_lookup_takes_a_message_id_without_brackets_and_rejects_what_is_not_one_before_any_request()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var sent = await sender.SendAsync(TestOptions.Message());
        var lookup = await sender.FindSentMessageAsync(sent.InternetMessageId.Trim('<', '>'), Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        lookup.InternetMessageId.Should().Be(sent.InternetMessageId);

        var requests = server.Requests.Count;
        foreach (var bad in new[] { "", "no-at-sign", "<a b@c>", "<@c>", "<x@>", "<", "<>", "<a\ud800b@example.com>" })
        {
            var find = () => sender.FindSentMessageAsync(bad, Quick);
            (await find.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("internetMessageId");
        }

        var tooEager = () => sender.FindSentMessageAsync(sent.InternetMessageId, new() { PollInterval = TimeSpan.FromMilliseconds(10) });
        await tooEager.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*PollInterval*100 milliseconds*");
        server.Requests.Should().HaveCount(requests);
    }

    [SkippableFact]
    public async Task Subject_and_sent_at_narrow_a_reused_message_id_to_one_send()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        await sender.SendAsync(TestOptions.Message(m => { m.InternetMessageId = "<reused-2@example.com>"; m.Subject = "for Alice"; }));

        (await sender.FindSentMessageAsync("<reused-2@example.com>", Quick)).Status.Should().Be(ExchangeMessageLookupStatus.Sent, "any copy counts");
        var other = await sender.FindSentMessageAsync("<reused-2@example.com>", new() { FilingTime = TimeSpan.FromSeconds(0.5), PollInterval = TimeSpan.FromMilliseconds(200), Subject = "for Bob" });
        other.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        other.Explanation.Should().Contain("was not sent");
        var skewed = await sender.FindSentMessageAsync("<reused-2@example.com>", new() { FilingTime = TimeSpan.Zero, SentAt = DateTimeOffset.UtcNow.AddMinutes(4) });
        skewed.Status.Should().Be(ExchangeMessageLookupStatus.Sent, "a copy up to 5 minutes before SentAt is allowed for clocks that differ");
        var future = () => sender.FindSentMessageAsync("<reused-2@example.com>", new() { SentAt = DateTimeOffset.UtcNow.AddMinutes(10) });
        await future.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*SentAt*5 minutes ahead*");
        default(ExchangeMessageLookupStatus).Should().Be(ExchangeMessageLookupStatus.Undecidable, "an unset status must never read as an answer");
    }

    [SkippableFact]
    public async Task A_send_only_connection_cannot_decide_and_says_why_without_waiting()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.SaveCopyToSentItems = false);
        var lookup = await sender.FindSentMessageAsync("<x@example.com>", new() { FilingTime = TimeSpan.FromSeconds(30) });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable);
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.SendOnly);
        lookup.Searches.Should().Be(1);
        lookup.Covered.Should().BeLessThan(TimeSpan.FromSeconds(10));
        lookup.Explanation.Should().Contain("SaveCopyToSentItems is false");
    }

    [SkippableFact]
    public async Task No_access_to_sent_items_is_undecidable_quoting_the_server()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorAccessDenied", "Access is denied. Check credentials and try again."), "FindItem");
        using var sender = ServerFixture.Sender(server);
        var lookup = await sender.FindSentMessageAsync("<x@example.com>", Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable);
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.AccessDenied);
        lookup.Explanation.Should().Contain("ErrorAccessDenied").And.Contain("Access is denied");
    }

    [SkippableFact]
    public async Task Gromox_with_typed_items_drops_the_message_id_so_a_missing_copy_is_undecidable()
    {
        await using var server = await ServerFixture.StartAsync(o =>
        {
            var gromox = FakeEwsServerOptions.EmulateGromox();
            o.ServerVersionInfo = gromox.ServerVersionInfo;
            o.BasicRealm = gromox.BasicRealm;
        });
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Items);
        await sender.TestConnectionAsync();
        var lookup = await sender.FindSentMessageAsync("<x@example.com>", new() { FilingTime = TimeSpan.Zero });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable);
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.MessageIdNotKept);
        lookup.Explanation.Should().Contain("gromox").And.Contain("MessageFormat");
    }

    [SkippableFact]
    public async Task An_answer_lost_after_the_server_sent_the_message_is_resolved_to_sent_and_the_server_kept_one()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var send = () => sender.SendAsync(TestOptions.Message());
        var unknown = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        unknown.OutcomeUnknown.Should().BeTrue();

        var lookup = await sender.FindSentMessageAsync(unknown.InternetMessageId!, Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        server.SentMessages.Should().ContainSingle().Which.InternetMessageId.Should().Be(unknown.InternetMessageId);
    }

    [SkippableFact]
    public async Task A_lost_answer_to_the_first_create_item_of_the_three_call_path_names_the_possible_draft_which_the_lookup_finds_and_deletes()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain"))));
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;

        error.OutcomeUnknown.Should().BeFalse("SaveOnly sends nothing");
        error.Message.Should().Contain("The message was not sent, but").And.Contain("may have saved it as a draft in Drafts")
            .And.Contain($"FindSentMessageAsync(\"{error.InternetMessageId}\")");
        var draft = server.GetFolderItems("drafts").Should().ContainSingle().Subject;
        server.SentMessages.Should().BeEmpty();

        var lookup = await sender.FindSentMessageAsync(error.InternetMessageId!, Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        lookup.DraftItemId.Should().Be(draft.ItemId);

        var cleaned = await sender.FindSentMessageAsync(error.InternetMessageId!, new() { FilingTime = TimeSpan.Zero, DeleteLeftoverDraft = true });
        cleaned.DraftDeleted.Should().BeTrue();
        cleaned.DraftItemId.Should().BeNull();
        server.GetFolderItems("drafts").Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_lost_answer_to_create_attachment_deletes_the_unsent_draft_and_is_not_an_unknown_outcome()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateAttachment");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain"))));
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.OutcomeUnknown.Should().BeFalse("SendItem was never called");
        error.LeftoverDraftItemId.Should().BeNull();
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_lost_answer_to_send_item_keeps_the_draft_and_is_unknown_until_looked_up()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "SendItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain"))));
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.OutcomeUnknown.Should().BeTrue();
        error.LeftoverDraftItemId.Should().NotBeNull();
        server.Requests.Select(r => r.Operation).Should().NotContain("DeleteItem");

        var lookup = await sender.FindSentMessageAsync(error.InternetMessageId!, Quick);
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        server.SentMessages.Should().ContainSingle();
    }
}
