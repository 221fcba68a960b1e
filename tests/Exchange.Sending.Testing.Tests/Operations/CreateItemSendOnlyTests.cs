namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>CreateItem SendOnly sends without keeping a copy, even when a SavedItemFolderId is present.</summary>
public sealed class CreateItemSendOnlyTests
{
    [Fact]
    public async Task Message_is_sent_and_no_copy_is_kept()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), savedFolder: "sentitems"));

        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Should().ContainSingle().Which.SavedItemFolder.Should().BeNull();
        server.GetFolderItems("sentitems").Should().BeEmpty();
    }
}
