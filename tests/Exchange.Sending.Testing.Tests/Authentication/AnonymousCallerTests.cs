namespace Exchange.Sending.Testing.Tests.Authentication;

/// <summary>In anonymous mode the first configured user is the caller.</summary>
public sealed class AnonymousCallerTests
{
    [Fact]
    public async Task First_user_is_the_authenticated_mailbox()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.Users.Add(new FakeEwsUser("first@example.com", "First"));
            o.Users.Add(new FakeEwsUser("second@example.com", "Second"));
        });

        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        server.SentMessages.Single().AuthenticatedUser.Should().Be("first@example.com");
    }

    [Fact]
    public async Task Without_users_there_is_no_caller_and_any_from_is_accepted()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(from: "anyone@example.com")));

        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Single().AuthenticatedUser.Should().BeNull();
    }
}
