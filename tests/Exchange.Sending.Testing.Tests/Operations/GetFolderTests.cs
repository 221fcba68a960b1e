namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>GetFolder of distinguished folders in IdOnly and Default shapes.</summary>
public sealed class GetFolderTests
{
    [Theory]
    [InlineData("sentitems")]
    [InlineData("drafts")]
    [InlineData("inbox")]
    [InlineData("root")]
    [InlineData("deleteditems")]
    public async Task IdOnly_returns_just_the_folder_id(string folder)
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", folder));

        response.ResponseCode.Should().Be("NoError");
        var element = response.Find("Folder")!;
        element.Elements().Select(e => e.Name.LocalName).Should().Equal("FolderId");
        element.Element(System.Xml.Linq.XName.Get("FolderId", Soap.T))!.Attribute("Id")!.Value.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Default_shape_has_display_name_and_counts()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message()));
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message()));

        var response = await server.PostAsync(Soap.GetFolder("Default", "sentitems"));

        var folder = response.Find("Folder")!;
        folder.Elements().Select(e => e.Name.LocalName).Should().Equal("FolderId", "DisplayName", "TotalCount", "ChildFolderCount", "UnreadCount");
        response.Find("DisplayName")!.Value.Should().Be("Sent Items");
        response.Find("TotalCount")!.Value.Should().Be("2");
    }

    [Fact]
    public async Task Folder_id_returned_by_GetFolder_can_be_used_again()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var first = await server.PostAsync(Soap.GetFolder("IdOnly", "drafts"));
        var id = first.Find("FolderId")!.Attribute("Id")!.Value;

        var second = await server.PostAsync(Soap.Envelope(
            $"<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id=\"{id}\"/></m:FolderIds></m:GetFolder>"));

        second.Find("DisplayName")!.Value.Should().Be("Drafts");
    }

    [Fact]
    public async Task Unknown_folder_id_is_ErrorFolderNotFound()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(
            "<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id=\"nope\"/></m:FolderIds></m:GetFolder>"));

        response.ResponseCode.Should().Be("ErrorFolderNotFound");
    }
}
