using System.Net;

namespace Exchange.Sending.Testing.Tests.Authentication;

/// <summary><see cref="FakeEwsBearerAuthenticator"/>: known tokens pass as their user, expired and unknown ones get the
/// challenges Exchange Online sends, and every Authorization value is recorded in order.</summary>
public sealed class BearerAuthenticatorTests
{
    private static readonly FakeEwsUser Sender = new("sender@example.com", "Sender");

    private static async Task<(FakeEwsServer Server, FakeEwsBearerAuthenticator Tokens)> StartAsync()
    {
        var tokens = new FakeEwsBearerAuthenticator();
        tokens.AddToken("tok-good", Sender);
        var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.CustomAuthenticator = tokens;
            o.Users.Add(Sender);
        });
        return (server, tokens);
    }

    [Fact]
    public async Task A_known_token_authenticates_its_user()
    {
        var (server, tokens) = await StartAsync();
        await using var _ = server;

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), authorization: "Bearer tok-good");

        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Single().AuthenticatedUser.Should().Be(Sender.Address);
        var request = server.Requests.Single();
        request.AuthorizationScheme.Should().Be("Bearer");
        request.AuthenticationPackage.Should().Be("Bearer");
        tokens.ReceivedAuthorizations.Should().Equal("Bearer tok-good");
        tokens.ReceivedTokens.Should().Equal("tok-good");
    }

    [Theory]
    [InlineData(null, "Bearer")]
    [InlineData("Basic c3ZjOnB3", "Bearer")]
    [InlineData("Bearer tok-unknown", FakeEwsBearerAuthenticator.InvalidChallenge)]
    [InlineData("Bearer tok-expired", FakeEwsBearerAuthenticator.ExpiredChallenge)]
    [InlineData("Bearer tok-revoked", FakeEwsBearerAuthenticator.InvalidChallenge)]
    public async Task Refusals_get_401_with_Exchange_Onlines_challenge(string? authorization, string challenge)
    {
        var (server, tokens) = await StartAsync();
        await using var _ = server;
        tokens.AddToken("tok-expired", Sender);
        tokens.Expire("tok-expired");
        tokens.AddToken("tok-revoked", Sender);
        tokens.Revoke("tok-revoked");

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), authorization: authorization);

        response.Status.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Select(h => h.ToString()).Should().Equal(challenge);
        server.SentMessages.Should().BeEmpty();
        server.Counters.Unauthorized401.Should().Be(1);
        tokens.ReceivedAuthorizations.Should().Equal(authorization);
    }

    [Fact]
    public async Task A_token_added_again_after_expiry_is_valid_again_and_history_clears()
    {
        var (server, tokens) = await StartAsync();
        await using var _ = server;
        tokens.Expire("tok-good");
        (await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"), authorization: "Bearer tok-good")).Status.Should().Be(HttpStatusCode.Unauthorized);

        tokens.AddToken("tok-good", Sender);
        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"), authorization: "Bearer tok-good");

        response.Status.Should().Be(HttpStatusCode.OK);
        tokens.ReceivedTokens.Should().Equal("tok-good", "tok-good");
        tokens.ClearHistory();
        tokens.ReceivedAuthorizations.Should().BeEmpty();
    }
}
