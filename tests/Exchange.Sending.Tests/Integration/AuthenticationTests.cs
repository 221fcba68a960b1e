using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

public class AuthenticationTests
{
    [SkippableFact]
    public async Task Basic_sends_credentials_on_the_first_request_without_a_401_round_trip()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = ServerFixture.Account;
            o.Password = ServerFixture.Password;
        });

        await sender.SendAsync(TestOptions.Message());
        await sender.SendAsync(TestOptions.Message());

        server.Counters.Unauthorized401.Should().Be(0);
        server.Requests.Select(r => (r.Operation, r.HttpStatus, r.AuthorizationScheme, r.AuthenticatedUser)).Should().Equal(
            ("CreateItem", 200, "Basic", ServerFixture.AccountAddress),
            ("CreateItem", 200, "Basic", ServerFixture.AccountAddress));
        server.SentMessages.Select(m => m.AuthenticatedUser).Should().Equal(ServerFixture.AccountAddress, ServerFixture.AccountAddress);
    }

    [SkippableFact]
    public async Task Wrong_password_is_an_authentication_error_without_the_password()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = ServerFixture.Account;
            o.Password = "Wr0ng-Secret-Value";
        });

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.HttpStatus.Should().Be(401);
        error.OfferedSchemes.Should().Equal("Basic");
        error.Message.Should().Contain("account 'sender'").And.Contain("Check UserName and Password,").And.NotContain("Domain");
        System.Text.RegularExpressions.Regex.Matches(error.Message, "offers: ").Should().ContainSingle("the offered schemes are listed once");
        System.Text.RegularExpressions.Regex.Matches(error.Message, "HTTP 401").Should().ContainSingle();
        error.ToString().Should().NotContain("Wr0ng-Secret-Value");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_host_supplied_strategy_adds_its_own_header()
    {
        await using var server = await ServerFixture.StartAsync();
        var strategy = new BearerStrategy();
        using var sender = ServerFixture.Sender(server, o => o.AuthenticationStrategy = strategy);
        await sender.SendAsync(TestOptions.Message());
        strategy.Calls.Should().Be(1);
        server.Requests.Select(r => (r.Operation, r.AuthorizationScheme)).Should().Equal(("CreateItem", "Bearer"));
    }

    [SkippableFact]
    public async Task A_host_strategys_token_that_a_server_echoes_back_is_redacted()
    {
        // The token is captured from the Authorization header after ApplyAsync: a host strategy declares nothing.
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorAccessDenied", "denied for Bearer token-value"));
        using var sender = ServerFixture.Sender(server, o => o.AuthenticationStrategy = new BearerStrategy());

        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ToString().Should().NotContain("token-value").And.Contain("***");
    }

    private sealed class BearerStrategy : ExchangeAuthenticationStrategy
    {
        public int Calls { get; private set; }

        public override string Name => "Bearer";

        public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            request.Headers.Authorization = new("Bearer", "token-value");
            return default;
        }
    }
}
