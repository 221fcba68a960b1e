using System.Collections.Concurrent;
using Azure.Core;
using Exchange.Sending.Testing;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;

namespace Exchange.Sending.Azure.Tests;

/// <summary>The TokenCredential adapter, with a fake credential (no network): the tokens it gives reach the bundled EWS
/// server as Bearer, a forced refresh passes the claims challenge, a credential's failure becomes the inner exception.</summary>
public class TokenCredentialTests
{
    private const string AccountAddress = "sender@example.com";

    [Fact]
    public async Task The_adapter_asks_for_the_Exchange_Online_scope_and_maps_the_lifetime()
    {
        var expires = new DateTimeOffset(2026, 12, 3, 13, 0, 0, TimeSpan.Zero);
        var refresh = expires.AddMinutes(-30);
        var credential = new FakeCredential(_ => new AccessToken("tok-azure", expires, refresh));
        var provider = credential.ToAccessTokenProvider();

        var token = await provider(new ExchangeAccessTokenRequest("main", new Uri("https://outlook.office365.com/EWS/Exchange.asmx")), CancellationToken.None);

        token.Token.Should().Be("tok-azure");
        token.ExpiresOn.Should().Be(expires);
        token.RefreshOn.Should().Be(refresh);
        credential.Contexts.Should().ContainSingle().Which.Scopes.Should().Equal("https://outlook.office365.com/.default");
        credential.Contexts.Single().Claims.Should().BeNull();
    }

    [Fact]
    public async Task Given_scopes_and_a_claims_challenge_are_passed_on()
    {
        var credential = new FakeCredential(_ => new AccessToken("tok-onprem", DateTimeOffset.UtcNow.AddHours(1)));
        var provider = credential.ToAccessTokenProvider(["https://mail.example.com/.default"]);

        await provider(new ExchangeAccessTokenRequest("main", new Uri("https://mail.example.com/EWS/Exchange.asmx"), forceRefresh: true, claims: "{\"access_token\":{}}"), CancellationToken.None);

        credential.Contexts.Single().Scopes.Should().Equal("https://mail.example.com/.default");
        credential.Contexts.Single().Claims.Should().Be("{\"access_token\":{}}");
    }

    [Fact]
    public void An_empty_scope_is_refused_when_the_adapter_is_made()
    {
        var act = () => new FakeCredential(_ => default).ToAccessTokenProvider([" "]);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("https://outlook.office365.com/.default");
    }

    [Fact]
    public void UseTokenCredential_sets_Bearer_and_the_provider()
    {
        var options = new ExchangeConnectionOptions { SystemName = "main", ServerUrl = "outlook.office365.com", SenderAddress = "noreply@example.com" };

        options.UseTokenCredential(new FakeCredential(_ => default)).Should().BeSameAs(options);

        options.AuthenticationType.Should().Be(ExchangeAuthenticationType.Bearer);
        options.AccessTokenProvider.Should().NotBeNull();
        options.Validate().Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_send_through_DI_carries_the_credentials_token_and_asks_it_once()
    {
        var tokens = new FakeEwsBearerAuthenticator();
        tokens.AddToken("tok-azure", new FakeEwsUser(AccountAddress, "Sender Account"));
        await using var server = await StartAsync(tokens);
        var credential = new FakeCredential(_ => new AccessToken("tok-azure", DateTimeOffset.UtcNow.AddHours(1)));
        var services = new ServiceCollection().AddLogging().AddSingleton<TokenCredential>(credential);
        services.AddExchangeMailSender("azure", o =>
        {
            o.ServerUrl = server.ServerUrl;
            o.AllowInsecureHttp = true;
            o.SenderAddress = AccountAddress;
            o.MessageFormat = ExchangeMessageFormat.Items;
        }).UseTokenCredential(sp => sp.GetRequiredService<TokenCredential>());
        using var provider = services.BuildServiceProvider();
        var sender = provider.GetRequiredKeyedService<IExchangeMailSender>("azure");

        await sender.SendAsync(Message("one"));
        await sender.SendAsync(Message("two"));

        tokens.ReceivedAuthorizations.Should().Equal("Bearer tok-azure", "Bearer tok-azure");
        credential.Contexts.Should().HaveCount(1);
        server.SentMessages.Select(m => m.Subject).Should().Equal("one", "two");
    }

    [SkippableFact]
    public async Task A_credential_that_fails_is_the_inner_exception_and_nothing_is_sent()
    {
        await using var server = await StartAsync(new FakeEwsBearerAuthenticator());
        var failure = new InvalidOperationException("ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided.");
        var options = new ExchangeConnectionOptions
        {
            SystemName = "azure", ServerUrl = server.ServerUrl, AllowInsecureHttp = true, SenderAddress = AccountAddress, MessageFormat = ExchangeMessageFormat.Items,
        }.UseTokenCredential(new FakeCredential(_ => throw failure));
        using var sender = new ExchangeMailSender(options);

        var act = () => sender.SendAsync(Message("x"));

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.InnerException.Should().BeSameAs(failure);
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.TokenUnavailable);
        error.Message.Should().Contain("AADSTS7000215");
        server.Requests.Should().BeEmpty();
    }

    private static ExchangeMailMessage Message(string subject) =>
        new() { Subject = subject, Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") } };

    private static async Task<FakeEwsServer> StartAsync(FakeEwsBearerAuthenticator tokens)
    {
        var location = EwsSchemaLocator.Locate(typeof(TokenCredentialTests).Assembly);
        if (location.Directory is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(location.Describe() + " Under CI=true the schema is required.");
            }

            Skip.If(true, location.Describe());
        }

        var options = new FakeEwsServerOptions { SchemaDirectory = location.Directory, RequireSchemaValidation = true, CustomAuthenticator = tokens };
        options.Users.Add(new FakeEwsUser(AccountAddress, "Sender Account"));
        return await FakeEwsServer.StartAsync(options);
    }

    /// <summary>A TokenCredential without network: answers with <c>issue</c> and records each request context.</summary>
    private sealed class FakeCredential(Func<TokenRequestContext, AccessToken> issue) : TokenCredential
    {
        private readonly ConcurrentQueue<TokenRequestContext> _contexts = new();

        public TokenRequestContext[] Contexts => _contexts.ToArray();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The adapter must call GetTokenAsync.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            _contexts.Enqueue(requestContext);
            return ValueTask.FromResult(issue(requestContext));
        }
    }
}
