using System.Net;
using System.Text;

namespace Exchange.Sending.Testing.Tests.Authentication;

/// <summary>Basic authentication checks user name (or address) and password; failures get 401 with a Basic challenge.</summary>
public sealed class BasicAuthenticationTests
{
    private static Task<FakeEwsServer> StartAsync() => TestServers.WithoutSchemaAsync(o =>
    {
        o.Authentication = FakeEwsAuthenticationMode.Basic;
        o.Users.Add(new FakeEwsUser("svc@example.com", "Service", "CONTOSO\\svc", "pa:ss"));
        o.Users.Add(new FakeEwsUser("bob@example.com", "Bob", Password: "bobpw"));
    });

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task Missing_credentials_get_401_with_basic_challenge_and_empty_body()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Basic");
        response.Text.Should().BeEmpty();
        server.Counters.Unauthorized401.Should().Be(1);
    }

    [Fact]
    public async Task Wrong_password_gets_401()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"), authorization: Basic("CONTOSO\\svc", "wrong"));

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("CONTOSO\\svc", "pa:ss", "svc@example.com")]
    [InlineData("bob@example.com", "bobpw", "bob@example.com")]
    public async Task Right_credentials_authenticate_the_mailbox(string user, string password, string mailbox)
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), authorization: Basic(user, password));

        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Single().AuthenticatedUser.Should().Be(mailbox);
        var request = server.Requests.Single();
        request.AuthorizationScheme.Should().Be("Basic");
        request.AuthenticatedUser.Should().Be(mailbox);
        request.ToString().Should().NotContain(password);
    }
}
