using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Below Exchange2010_SP2: CreateItem (SaveOnly) + CreateAttachment per file + SendItem, with the change key passed on.</summary>
public class ThreeCallPathTests
{
    private static ExchangeMailMessage WithTwoAttachments() => TestOptions.Message(m =>
    {
        m.Subject = "old server";
        m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "first"u8.ToArray(), "text/plain"));
        m.Attachments.Add(ExchangeAttachment.FromBytes("b.txt", "second"u8.ToArray(), "text/plain"));
    });

    [SkippableFact]
    public async Task Attachments_are_added_one_call_each_and_the_draft_is_sent()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);

        var result = await sender.SendAsync(WithTwoAttachments());

        server.Requests.Select(r => r.Operation).Should().Equal("CreateItem", "CreateAttachment", "CreateAttachment", "SendItem");
        result.RequestCount.Should().Be(4);
        var sent = await server.WaitForMessageAsync(TimeSpan.FromSeconds(5));
        sent.Attachments.Select(a => a.Name).Should().Equal("a.txt", "b.txt");
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.GetFolderItems("sentitems").Should().ContainSingle().Which.Subject.Should().Be("old server");
    }

    [SkippableFact]
    public async Task A_failed_step_deletes_the_draft()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorMessageSizeExceeded", "too big"), "SendItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);

        var send = () => sender.SendAsync(WithTwoAttachments());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorMessageSizeExceeded);
        error.LeftoverDraftItemId.Should().BeNull();
        server.Requests.Select(r => r.Operation).Should().EndWith("DeleteItem");
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task When_clean_up_fails_too_the_error_names_the_drafts_item_id()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorQuotaExceeded", "full"), "CreateAttachment");
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorAccessDenied", "no"), "DeleteItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);

        var send = () => sender.SendAsync(WithTwoAttachments());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        var draft = server.GetFolderItems("drafts").Should().ContainSingle().Subject;
        error.LeftoverDraftItemId.Should().Be(draft.ItemId);
        error.Message.Should().Contain($"ItemId '{draft.ItemId}'").And.Contain("ErrorQuotaExceeded");
    }
}
