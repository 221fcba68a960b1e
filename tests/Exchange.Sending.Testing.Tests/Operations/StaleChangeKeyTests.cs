namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>An out-of-date ChangeKey is refused with ErrorStaleObject, as Exchange does.</summary>
public sealed class StaleChangeKeyTests
{
    [Fact]
    public async Task SendItem_with_the_change_key_from_before_CreateAttachment_is_ErrorStaleObject()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, originalKey) = await server.CreateDraftAsync();
        await server.PostAsync(Soap.CreateAttachment(id, originalKey, Soap.FileAttachment("a.txt", [1])));

        var response = await server.PostAsync(Soap.SendItem(id, originalKey));

        response.ResponseClass.Should().Be("Error");
        response.ResponseCode.Should().Be("ErrorStaleObject");
        server.SentMessages.Should().BeEmpty();
        server.GetFolderItems("drafts").Should().ContainSingle("the draft stays");
    }

    [Fact]
    public async Task CreateAttachment_with_a_stale_parent_change_key_is_ErrorStaleObject()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, originalKey) = await server.CreateDraftAsync();
        await server.PostAsync(Soap.CreateAttachment(id, originalKey, Soap.FileAttachment("a.txt", [1])));

        var response = await server.PostAsync(Soap.CreateAttachment(id, originalKey, Soap.FileAttachment("b.txt", [2])));

        response.ResponseCode.Should().Be("ErrorStaleObject");
        server.GetFolderItems("drafts").Single().Attachments.Should().ContainSingle();
    }

    [Fact]
    public async Task SendItem_without_a_change_key_is_refused()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, _) = await server.CreateDraftAsync();

        var response = await server.PostAsync(Soap.SendItem(id, changeKey: null));

        response.ResponseCode.Should().Be("ErrorChangeKeyRequiredForWriteOperations");
        server.SentMessages.Should().BeEmpty();
    }
}
