namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>CreateItem SaveOnly stores a draft (in Drafts unless told otherwise) and returns its ItemId and ChangeKey.</summary>
public sealed class CreateItemSaveOnlyTests
{
    [Fact]
    public async Task Draft_is_stored_and_its_id_returned()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SaveOnly", Soap.Message(subject: "Draft")));

        response.ResponseCode.Should().Be("NoError");
        var itemId = response.Find("ItemId");
        itemId.Should().NotBeNull();
        itemId!.Parent!.Name.LocalName.Should().Be("Message");
        itemId.Attribute("Id")!.Value.Should().NotBeNullOrEmpty();
        itemId.Attribute("ChangeKey")!.Value.Should().NotBeNullOrEmpty();
        server.SentMessages.Should().BeEmpty("SaveOnly does not send");
        var draft = server.GetFolderItems("drafts").Should().ContainSingle().Subject;
        draft.ItemId.Should().Be(itemId.Attribute("Id")!.Value);
        draft.ChangeKey.Should().Be(itemId.Attribute("ChangeKey")!.Value);
    }

    [Fact]
    public async Task Inline_attachments_get_attachment_ids_in_the_response()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var message = Soap.Message(attachmentsXml: Soap.FileAttachment("a.bin", [1, 2, 3]));
        var response = await server.PostAsync(Soap.CreateItem("SaveOnly", message));

        response.Find("AttachmentId")!.Attribute("Id")!.Value.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_draft_needs_no_recipients()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SaveOnly", Soap.Message(to: null)));

        response.ResponseCode.Should().Be("NoError");
    }
}
