using System.Net;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>CreateItem SendAndSaveCopy sends the message and keeps a copy in Sent Items (or the named folder).</summary>
public sealed class CreateItemSendAndSaveCopyTests
{
    [Fact]
    public async Task Message_is_sent_and_a_copy_lands_in_sent_items()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Copy me")));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ResponseClass.Should().Be("Success");
        response.ResponseCode.Should().Be("NoError");
        response.Find("ItemId").Should().BeNull("a send disposition returns no item id");
        server.SentMessages.Should().ContainSingle().Which.MessageDisposition.Should().Be("SendAndSaveCopy");
        server.GetFolderItems("sentitems").Should().ContainSingle().Which.Subject.Should().Be("Copy me");
        server.GetFolderItems("drafts").Should().BeEmpty();
    }

    [Fact]
    public async Task Named_saved_item_folder_receives_the_copy()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(), savedFolder: "inbox"));

        server.GetFolderItems("inbox").Should().ContainSingle();
        server.GetFolderItems("sentitems").Should().BeEmpty();
        server.SentMessages.Single().SavedItemFolder.Should().Be("inbox");
    }
}
