namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>Emulating a server older than Exchange2010_SP2: attachments inside CreateItem are refused, CreateAttachment works.</summary>
public sealed class LegacyServerAttachmentTests
{
    [Fact]
    public async Task Attachments_inside_CreateItem_are_refused()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        var message = Soap.Message(attachmentsXml: Soap.FileAttachment("a.txt", [1]));

        var response = await server.PostAsync(Soap.CreateItem("SaveOnly", message, version: "Exchange2010_SP1"));

        response.ResponseClass.Should().Be("Error");
        response.ResponseCode.Should().Be("ErrorInvalidPropertySet");
        response.MessageText.Should().Contain("CreateAttachment");
        server.GetFolderItems("drafts").Should().BeEmpty();
    }

    [Fact]
    public async Task Three_call_path_works_on_the_old_server()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        var created = await server.PostAsync(Soap.CreateItem("SaveOnly", Soap.Message(), version: "Exchange2010_SP1"));
        var itemId = created.Find("ItemId")!;

        var attached = await server.PostAsync(Soap.CreateAttachment(itemId.Attribute("Id")!.Value, itemId.Attribute("ChangeKey")!.Value, Soap.FileAttachment("a.txt", [1]), "Exchange2010_SP1"));
        var sent = await server.PostAsync(Soap.SendItem(itemId.Attribute("Id")!.Value, attached.Find("AttachmentId")!.Attribute("RootItemChangeKey")!.Value, version: "Exchange2010_SP1"));

        sent.ResponseCode.Should().Be("NoError");
        server.SentMessages.Single().Attachments.Should().ContainSingle();
    }
}
