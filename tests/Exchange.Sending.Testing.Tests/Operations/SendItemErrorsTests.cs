namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>SendItem's own errors.</summary>
public sealed class SendItemErrorsTests
{
    [Fact]
    public async Task SavedItemFolderId_with_SaveItemToFolder_false_is_ErrorInvalidSendItemSaveSettings()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, changeKey) = await server.CreateDraftAsync();

        var response = await server.PostAsync(Soap.SendItem(id, changeKey, save: false, savedFolder: "sentitems"));

        response.ResponseCode.Should().Be("ErrorInvalidSendItemSaveSettings");
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_item_is_ErrorItemNotFound()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.SendItem("AAMkAGnope", "CQAAAB"));

        response.ResponseCode.Should().Be("ErrorItemNotFound");
    }

    [Fact]
    public async Task Sending_the_same_draft_twice_fails_the_second_time()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, changeKey) = await server.CreateDraftAsync();
        await server.PostAsync(Soap.SendItem(id, changeKey));

        var again = await server.PostAsync(Soap.SendItem(id, changeKey));

        again.ResponseCode.Should().Be("ErrorItemNotFound");
        server.SentMessages.Should().ContainSingle();
    }

    [Fact]
    public async Task Draft_without_recipients_cannot_be_sent()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, changeKey) = await server.CreateDraftAsync(Soap.Message(to: null));

        var response = await server.PostAsync(Soap.SendItem(id, changeKey));

        response.ResponseCode.Should().Be("ErrorInvalidRecipients");
    }
}
