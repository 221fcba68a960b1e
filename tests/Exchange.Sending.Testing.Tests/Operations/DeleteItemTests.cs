namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>DeleteItem removes a draft (the client's clean-up after a failed three-call send).</summary>
public sealed class DeleteItemTests
{
    [Theory]
    [InlineData("HardDelete")]
    [InlineData("SoftDelete")]
    public async Task Draft_is_removed(string deleteType)
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, _) = await server.CreateDraftAsync();

        var response = await server.PostAsync(Soap.DeleteItem(id, deleteType));

        response.ResponseCode.Should().Be("NoError");
        response.Messages.Single().Name.LocalName.Should().Be("DeleteItemResponseMessage");
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.GetFolderItems("deleteditems").Should().BeEmpty();
    }

    [Fact]
    public async Task MoveToDeletedItems_moves_the_draft()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, _) = await server.CreateDraftAsync();

        await server.PostAsync(Soap.DeleteItem(id, "MoveToDeletedItems"));

        server.GetFolderItems("drafts").Should().BeEmpty();
        server.GetFolderItems("deleteditems").Should().ContainSingle().Which.ItemId.Should().Be(id);
    }

    [Fact]
    public async Task Unknown_item_is_ErrorItemNotFound()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.DeleteItem("AAMkAGnope"));

        response.ResponseCode.Should().Be("ErrorItemNotFound");
    }

    [SkippableFact]
    public async Task Request_is_validated_against_the_schema()
    {
        await using var server = await TestServers.WithSchemaAsync();

        var response = await server.PostAsync(Soap.DeleteItem("x", "Shred"));

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain("DeleteType");
    }
}
