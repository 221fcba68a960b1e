namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>CreateItem SaveOnly → CreateAttachment → SendItem, passing the newest change key on.</summary>
public sealed class ThreeCallPathTests
{
    [Fact]
    public async Task Draft_with_attachments_added_later_is_sent_with_the_last_RootItemChangeKey()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, changeKey) = await server.CreateDraftAsync(Soap.Message(subject: "Three calls"));

        var first = await server.PostAsync(Soap.CreateAttachment(id, changeKey, Soap.FileAttachment("one.txt", "1"u8.ToArray())));
        var firstKey = first.Find("AttachmentId")!.Attribute("RootItemChangeKey")!.Value;
        var second = await server.PostAsync(Soap.CreateAttachment(id, firstKey, Soap.FileAttachment("two.png", [9, 8], contentId: "logo", inline: true)));
        var secondAttachmentId = second.Find("AttachmentId")!;
        var sent = await server.PostAsync(Soap.SendItem(id, secondAttachmentId.Attribute("RootItemChangeKey")!.Value));

        first.ResponseCode.Should().Be("NoError");
        firstKey.Should().NotBe(changeKey, "each CreateAttachment changes the item");
        secondAttachmentId.Attribute("RootItemId")!.Value.Should().Be(id);
        secondAttachmentId.Attribute("RootItemChangeKey")!.Value.Should().NotBe(firstKey);
        sent.ResponseCode.Should().Be("NoError");
        var message = server.SentMessages.Should().ContainSingle().Subject;
        message.MessageDisposition.Should().Be("SendItem");
        message.Attachments.Select(a => a.Name).Should().Equal("one.txt", "two.png");
        message.Attachments[1].ContentId.Should().Be("logo");
        message.Attachments[1].IsInline.Should().BeTrue();
        server.GetFolderItems("drafts").Should().BeEmpty("the sent draft leaves Drafts");
        server.GetFolderItems("sentitems").Should().ContainSingle();
    }

    [Fact]
    public async Task SendItem_without_saving_keeps_no_copy()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, changeKey) = await server.CreateDraftAsync();

        var response = await server.PostAsync(Soap.SendItem(id, changeKey, save: false, savedFolder: null));

        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Should().ContainSingle();
        server.GetFolderItems("sentitems").Should().BeEmpty();
    }
}
