using System.Net;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>Sending with another mailbox in t:From needs a Send As grant; otherwise ErrorSendAsDenied.</summary>
public sealed class SendAsTests
{
    private static Task<FakeEwsServer> StartAsync() =>
        TestServers.WithoutSchemaAsync(o => o.Users.Add(new FakeEwsUser("me@example.com", "Me")));

    [Fact]
    public async Task From_another_mailbox_without_grant_is_ErrorSendAsDenied()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(from: "boss@example.com")));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ResponseClass.Should().Be("Error");
        response.ResponseCode.Should().Be("ErrorSendAsDenied");
        response.MessageText.Should().Be("The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.");
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Granted_address_may_be_used()
    {
        await using var server = await StartAsync();
        server.GrantSendAs("me@example.com", "BOSS@example.com");

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(from: "boss@example.com")));

        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Single().From!.Address.Should().Be("boss@example.com");
    }

    [Fact]
    public async Task Own_address_needs_no_grant()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(from: "Me@Example.com")));

        response.ResponseCode.Should().Be("NoError");
    }

    [Fact]
    public async Task SendItem_of_a_draft_from_another_mailbox_is_denied()
    {
        await using var server = await StartAsync();
        var (id, changeKey) = await server.CreateDraftAsync(Soap.Message(from: "boss@example.com"));

        var response = await server.PostAsync(Soap.SendItem(id, changeKey));

        response.ResponseCode.Should().Be("ErrorSendAsDenied");
    }
}
