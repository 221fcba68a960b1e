using System.Collections.Concurrent;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Exchange.Sending.Tests.Integration;

/// <summary>OAuth 2.0 bearer authentication (AuthenticationType Bearer) over real HTTP to the bundled server, whose
/// <see cref="FakeEwsBearerAuthenticator"/> answers expired and unknown tokens as Exchange Online does.</summary>
public class BearerAuthenticationTests
{
    private const string Shared = "shared@example.com";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly FakeEwsUser Account = new(ServerFixture.AccountAddress, "Sender Account");

    private static async Task<(FakeEwsServer Server, FakeEwsBearerAuthenticator Tokens)> StartAsync(params string[] validTokens)
    {
        var tokens = new FakeEwsBearerAuthenticator();
        foreach (var token in validTokens)
        {
            tokens.AddToken(token, Account);
        }

        var server = await ServerFixture.StartAsync(o =>
        {
            o.CustomAuthenticator = tokens;
            o.Users.Add(new FakeEwsUser(Shared, "Shared Mailbox"));
        });
        return (server, tokens);
    }

    private static ExchangeMailSender Sender(FakeEwsServer server, TokenSource source, Action<ExchangeConnectionOptions>? change = null, ILoggerFactory? loggers = null) =>
        ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = source.GetAsync;
            change?.Invoke(o);
        }, loggers);

    [SkippableFact]
    public async Task The_token_is_sent_as_Bearer_and_fetched_once_for_several_sends()
    {
        var (server, tokens) = await StartAsync("tok-A-1");
        await using var _ = server;
        var source = new TokenSource("tok-A-1");
        using var sender = Sender(server, source);

        for (var i = 0; i < 3; i++)
        {
            await sender.SendAsync(TestOptions.Message(m => m.Subject = "n" + i));
        }

        source.Requests.Should().HaveCount(1);
        source.Requests[0].ForceRefresh.Should().BeFalse();
        source.Requests[0].ConnectionName.Should().Be("loopback");
        source.Requests[0].Endpoint.Should().Be(server.EndpointUri);
        tokens.ReceivedAuthorizations.Should().Equal("Bearer tok-A-1", "Bearer tok-A-1", "Bearer tok-A-1");
        server.Requests.Select(r => (r.Operation, r.HttpStatus, r.AuthorizationScheme, r.AuthenticatedUser))
            .Should().AllBeEquivalentTo(("CreateItem", 200, "Bearer", ServerFixture.AccountAddress));
        server.SentMessages.Select(m => m.Subject).Should().Equal("n0", "n1", "n2");
    }

    [SkippableFact]
    public async Task A_token_is_refreshed_shortly_before_it_expires()
    {
        var (server, tokens) = await StartAsync("tok-1", "tok-2", "tok-3");
        await using var _ = server;
        var clock = new ManualClock();
        var source = new TokenSource(["tok-1", "tok-2", "tok-3"], clock, TimeSpan.FromMinutes(60));
        using var sender = ServerFixture.Sender(server, o => o.AuthenticationStrategy = new BearerAuthenticationStrategy(source.GetAsync, "loopback", clock));

        await sender.SendAsync(TestOptions.Message());
        clock.Advance(TimeSpan.FromMinutes(54));   // 6 minutes left: still cached
        await sender.SendAsync(TestOptions.Message());
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));   // inside the 5-minute margin, not yet expired
        await sender.SendAsync(TestOptions.Message());

        tokens.ReceivedTokens.Should().Equal("tok-1", "tok-1", "tok-2");
        source.Requests.Select(r => r.ForceRefresh).Should().Equal(false, false);
    }

    [SkippableFact]
    public async Task A_provider_RefreshOn_is_honoured()
    {
        var (server, tokens) = await StartAsync("tok-1", "tok-2");
        await using var _ = server;
        var clock = new ManualClock();
        var source = new TokenSource(["tok-1", "tok-2"], clock, TimeSpan.FromMinutes(60), refreshAfter: TimeSpan.FromMinutes(30));
        using var sender = ServerFixture.Sender(server, o => o.AuthenticationStrategy = new BearerAuthenticationStrategy(source.GetAsync, "loopback", clock));

        await sender.SendAsync(TestOptions.Message());
        clock.Advance(TimeSpan.FromMinutes(29));
        await sender.SendAsync(TestOptions.Message());
        clock.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(TestOptions.Message());

        tokens.ReceivedTokens.Should().Equal("tok-1", "tok-1", "tok-2");
    }

    [SkippableFact]
    public async Task An_expired_token_is_refreshed_once_and_the_message_arrives_once()
    {
        var (server, tokens) = await StartAsync("tok-old");
        await using var _ = server;
        var source = new TokenSource("tok-old", "tok-new");
        using var sender = Sender(server, source);
        await sender.SendAsync(TestOptions.Message(m => m.Subject = "first"));

        // The server expires the token before the client's own clock says so (revocation, clock difference).
        tokens.Expire("tok-old");
        tokens.AddToken("tok-new", Account);
        var result = await sender.SendAsync(TestOptions.Message(m => m.Subject = "second"));

        server.SentMessages.Select(m => m.Subject).Should().Equal("first", "second");
        source.Requests.Select(r => r.ForceRefresh).Should().Equal(false, true);
        tokens.ReceivedTokens.Should().Equal("tok-old", "tok-old", "tok-new");
        // The 401 is answered before the body is read (so it names no operation), as IIS answers it.
        server.Requests.Select(r => (r.Operation, r.HttpStatus)).Should().Equal(("CreateItem", 200), (null, 401), ("CreateItem", 200));
        server.Requests[1].SoapAction.Should().Contain("CreateItem");
        result.InternetMessageId.Should().Be(server.SentMessages[1].InternetMessageId);
    }

    [SkippableFact]
    public async Task A_second_401_fails_clearly_without_a_second_refresh()
    {
        var (server, tokens) = await StartAsync();
        await using var _ = server;
        tokens.AddToken("tok-1", Account);
        tokens.Expire("tok-1");
        tokens.AddToken("tok-2", Account);
        tokens.Expire("tok-2");
        var source = new TokenSource("tok-1", "tok-2", "tok-3");
        using var sender = Sender(server, source);

        var act = () => sender.SendAsync(TestOptions.Message());

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.HttpStatus.Should().Be(401);
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.CredentialsRejected);
        error.OfferedSchemes.Should().Equal("Bearer");
        error.Message.Should().Contain("Exchange connection 'loopback'").And.Contain("with Bearer authentication")
            .And.Contain("again after a newly fetched one")
            .And.Contain("error=\"invalid_token\"").And.Contain("error_description=\"The access token has expired\"")
            .And.Contain("https://outlook.office365.com/.default").And.Contain("full_access_as_app").And.Contain("EWS.AccessAsUser.All")
            .And.Contain("admin consent").And.NotContain("tok-").And.NotContain("UserName");
        source.Requests.Select(r => r.ForceRefresh).Should().Equal(false, true);
        tokens.ReceivedTokens.Should().Equal("tok-1", "tok-2");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_streamed_attachment_is_sent_again_whole_with_an_exact_Content_Length()
    {
        var (server, tokens) = await StartAsync("tok-new");
        await using var _ = server;
        tokens.AddToken("tok-old", Account);
        tokens.Expire("tok-old");
        var source = new TokenSource("tok-old", "tok-new");
        using var sender = Sender(server, source);
        var bytes = new byte[300_000];
        new Random(11).NextBytes(bytes);
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.bin", bytes, "application/octet-stream")));

        var result = await sender.SendAsync(message);

        var received = await server.WaitForMessageAsync(Wait);
        received.Attachments.Single().Content.Should().Equal(bytes);
        server.SentMessages.Should().HaveCount(1);
        var creates = server.Requests.Where(r => r.Operation is null or "CreateItem").ToList();
        creates.Select(r => r.HttpStatus).Should().Equal(401, 200);
        creates.Should().AllSatisfy(r =>
        {
            r.ContentLength.Should().Be(result.RequestBytes);
            r.IsChunked.Should().BeFalse();
        });
        creates[1].BodyBytes.Should().Be(result.RequestBytes);
        result.RequestBytes.Should().BeGreaterThan(bytes.Length);
    }

    [SkippableFact]
    public async Task An_attachment_from_a_forward_only_stream_is_read_once_and_sent_again_whole()
    {
        var (server, tokens) = await StartAsync("tok-new");
        await using var _ = server;
        tokens.AddToken("tok-old", Account);
        tokens.Expire("tok-old");
        using var sender = Sender(server, new TokenSource("tok-old", "tok-new"));
        var bytes = new byte[200_000];
        new Random(5).NextBytes(bytes);
        using var stream = new ForwardOnlyStream(bytes);

        await sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("pipe.bin", stream, "application/octet-stream"))));

        // The stream is spooled once (a temporary file), so the resend after the refused token writes it again.
        (await server.WaitForMessageAsync(Wait)).Attachments.Single().Content.Should().Equal(bytes);
        server.SentMessages.Should().HaveCount(1);
        server.Requests.Select(r => r.HttpStatus).Should().Equal(401, 200);
        server.Requests.Should().AllSatisfy(r => r.ContentLength.Should().Be(server.Requests[1].BodyBytes));
    }

    [SkippableFact]
    public async Task A_provider_that_throws_fails_the_send_before_anything_is_sent()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;
        var failure = new InvalidOperationException("AADSTS7000215: Invalid client secret provided.");
        var calls = 0;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = (_, _) => { Interlocked.Increment(ref calls); throw failure; };
        });

        var act = () => sender.SendAsync(TestOptions.Message());

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.InnerException.Should().BeSameAs(failure);
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.TokenUnavailable);
        error.HttpStatus.Should().BeNull();
        error.OutcomeUnknown.Should().BeFalse();
        error.Message.Should().Contain("'loopback'").And.Contain("no bearer token").And.Contain("AccessTokenProvider threw InvalidOperationException")
            .And.Contain("AADSTS7000215: Invalid client secret provided. Nothing was sent.");
        calls.Should().Be(1);
        server.Requests.Should().BeEmpty();
    }

    [SkippableTheory]
    [InlineData("expired")]
    [InlineData("null")]
    public async Task A_provider_that_returns_no_usable_token_fails_the_send(string kind)
    {
        var (server, _) = await StartAsync();
        await using var __ = server;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = (_, _) => ValueTask.FromResult(kind == "null" ? null! : new ExchangeAccessToken("tok-x", DateTimeOffset.UtcNow.AddMinutes(-1)));
        });

        var act = () => sender.SendAsync(TestOptions.Message());

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.TokenUnavailable);
        error.Message.Should().Contain(kind == "null" ? "returned no token" : "returned a token that expired at").And.NotContain("tok-x");
        server.Requests.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Concurrent_sends_share_one_fetch()
    {
        var (server, tokens) = await StartAsync("tok-shared");
        await using var _ = server;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = async (_, ct) =>
            {
                Interlocked.Increment(ref calls);
                await release.Task.WaitAsync(ct);
                return new ExchangeAccessToken("tok-shared", DateTimeOffset.UtcNow.AddHours(1));
            };
        });

        var sends = Enumerable.Range(0, 8).Select(i => sender.SendAsync(TestOptions.Message(m => m.Subject = "c" + i))).ToArray();
        await Task.Delay(200);
        release.SetResult();
        await Task.WhenAll(sends);

        calls.Should().Be(1);
        tokens.ReceivedTokens.Should().HaveCount(8).And.OnlyContain(t => t == "tok-shared");
        server.SentMessages.Should().HaveCount(8);
    }

    [SkippableFact]
    public async Task Concurrent_sends_refused_with_the_same_expired_token_share_one_refresh()
    {
        var (server, tokens) = await StartAsync("tok-old");
        await using var _ = server;
        var source = new TokenSource("tok-old", "tok-new", "tok-spare");
        using var sender = Sender(server, source);
        await sender.SendAsync(TestOptions.Message());
        tokens.Expire("tok-old");
        tokens.AddToken("tok-new", Account);

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => sender.SendAsync(TestOptions.Message(m => m.Subject = "r" + i))));

        source.Requests.Select(r => r.ForceRefresh).Should().Equal(false, true);
        server.SentMessages.Should().HaveCount(7);
        tokens.ReceivedTokens.Should().NotContain("tok-spare");
    }

    [SkippableFact]
    public async Task An_app_only_token_sends_as_the_impersonated_mailbox_with_its_anchor()
    {
        var app = new FakeEwsUser("app-4f1c@apps.example.com", "Mailer App");
        var (server, tokens) = await StartAsync();
        await using var _ = server;
        tokens.AddToken("tok-app", app);
        server.GrantImpersonation(app.Address, Shared);
        var source = new TokenSource("tok-app");
        using var sender = Sender(server, source, o => { o.ImpersonatedUser = Shared; o.SenderAddress = Shared; o.SenderName = "Shared Mailbox"; });

        await sender.SendAsync(TestOptions.Message(m => m.Subject = "app-only"));

        var received = await server.WaitForMessageAsync(Wait);
        received.From!.Address.Should().Be(Shared);
        var request = server.Requests.Single(r => r.Operation == "CreateItem");
        request.AuthenticatedUser.Should().Be(app.Address);
        request.ImpersonatedUser.Should().Be(Shared);
        request.AnchorMailbox.Should().Be(Shared);
        request.AuthorizationScheme.Should().Be("Bearer");
    }

    [SkippableFact]
    public async Task Without_impersonation_no_anchor_is_sent()
    {
        var (server, _) = await StartAsync("tok-1");
        await using var __ = server;
        using var sender = Sender(server, new TokenSource("tok-1"));

        await sender.SendAsync(TestOptions.Message());

        server.Requests.Single().AnchorMailbox.Should().BeNull();
    }

    [SkippableFact]
    public async Task The_token_never_reaches_a_log_an_exception_or_ToString()
    {
        const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.signature";
        var (server, tokens) = await StartAsync(Token);
        await using var _ = server;
        var collector = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        var source = new TokenSource(Token);
        using var sender = Sender(server, source, o => o.LogMode = ExchangeLogMode.Full, factory);
        var errors = new List<Exception>();

        await sender.SendAsync(TestOptions.Message());
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorAccessDenied", $"denied for Bearer {Token}"));
        errors.Add(await Record(() => sender.SendAsync(TestOptions.Message())));
        server.EnqueueFault(FakeEwsFault.HttpStatus(403, $"<html><body>Forbidden: Authorization: Bearer {Token}</body></html>", "text/html"));
        errors.Add(await Record(() => sender.SendAsync(TestOptions.Message())));
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorQuotaExceeded", $"token {Token} over quota"));
        errors.Add(await Record(() => sender.SendAsync(TestOptions.Message())));
        tokens.Expire(Token);
        errors.Add(await Record(() => sender.SendAsync(TestOptions.Message())));
        var check = await sender.TestConnectionAsync();

        errors.Should().HaveCount(4).And.AllBeAssignableTo<ExchangeException>();
        errors.Select(e => e.ToString()).Should().OnlyContain(t => !t.Contains("secret-payload"));
        errors[0].Message.Should().Contain("***");
        errors[1].Message.Should().Contain("***");
        collector.GetSnapshot().Should().NotBeEmpty().And.OnlyContain(r => !r.Message.Contains("secret-payload") && (r.Exception == null || !r.Exception.ToString().Contains("secret-payload")));
        check.ToString().Should().NotContain("secret-payload");
        check.Error!.Message.Should().NotContain("secret-payload");
        new ExchangeAccessToken(Token, DateTimeOffset.UtcNow).ToString().Should().NotContain("secret-payload").And.Contain("***");
        ServerFixture.Options(server, o => { o.AuthenticationType = ExchangeAuthenticationType.Bearer; o.AccessTokenProvider = source.GetAsync; })
            .ToString().Should().NotContain("secret-payload").And.Contain("Bearer");
        var invalid = () => new ExchangeAccessToken("abc def-secret-payload", DateTimeOffset.UtcNow);
        invalid.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("secret-payload");
    }

    [SkippableFact]
    public async Task A_token_the_server_echoes_in_its_challenge_is_redacted()
    {
        const string Token = "tok-echoed-secret-value";
        await using var server = await ServerFixture.StartAsync(o => o.CustomAuthenticator = new EchoingAuthenticator());
        using var sender = Sender(server, new TokenSource(Token));

        var act = () => sender.SendAsync(TestOptions.Message());

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.Message.Should().Contain("error_description=\"token *** is not valid\"").And.NotContain("echoed-secret");
    }

    /// <summary>Refuses every token, quoting it back in error_description (as a careless proxy might).</summary>
    private sealed class EchoingAuthenticator : IFakeEwsAuthenticator
    {
        public ValueTask<FakeEwsAuthenticationResult> AuthenticateAsync(FakeEwsAuthenticationContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(FakeEwsAuthenticationResult.Challenge(
                $"Bearer error=\"invalid_token\", error_description=\"token {context.AuthorizationHeader?["Bearer ".Length..]} is not valid\""));
    }

    [SkippableFact]
    public async Task A_server_that_does_not_offer_Bearer_is_named_and_not_asked_twice()
    {
        // The bundled server's Basic mode, as gromox answers: 401 with only a Basic challenge.
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        var source = new TokenSource("tok-1", "tok-2");
        using var sender = Sender(server, source);

        var act = () => sender.SendAsync(TestOptions.Message());

        var error = (await act.Should().ThrowAsync<ExchangeAuthenticationException>()).Which;
        error.OfferedSchemes.Should().Equal("Basic");
        error.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.NoUsableScheme);
        error.Message.Should().Contain("with Bearer authentication").And.Contain("does not accept bearer tokens").And.Contain("it offers Basic").And.NotContain("tok-1");
        source.Requests.Should().HaveCount(1);
        server.Requests.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task The_connection_check_reports_the_Bearer_scheme()
    {
        var (server, _) = await StartAsync("tok-1");
        await using var __ = server;
        using var sender = Sender(server, new TokenSource("tok-1"));

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.Error?.Message);
        check.AuthenticationScheme.Should().Be("Bearer");
    }

    [SkippableFact]
    public async Task The_connection_check_fails_at_Authentication_when_the_provider_throws()
    {
        var (server, _) = await StartAsync();
        await using var __ = server;
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = (_, _) => throw new InvalidOperationException("no managed identity here");
        });

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeFalse();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Authentication);
        check.Error.Should().BeOfType<ExchangeAuthenticationException>().Which.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.TokenUnavailable);
        check.Error!.Message.Should().Contain("no managed identity here");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_claims_challenge_is_passed_to_the_provider_with_the_forced_refresh()
    {
        // Continuous access evaluation: Exchange Online asks for a token with more claims. The bundled server does not
        // send claims challenges, so this drives the strategy with the response directly.
        var claims = "{\"access_token\":{\"nbf\":{\"essential\":true,\"value\":\"1700000000\"}}}";
        var source = new TokenSource("tok-1", "tok-2");
        var strategy = new BearerAuthenticationStrategy(source.GetAsync, "loopback");
        var endpoint = new Uri("https://outlook.office365.com/EWS/Exchange.asmx");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        await strategy.ApplyAsync(request, CancellationToken.None);
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized) { RequestMessage = request };
        response.Headers.TryAddWithoutValidation("WWW-Authenticate",
            $"Bearer realm=\"\", error=\"insufficient_claims\", claims=\"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(claims))}\"");

        strategy.ShouldResendAfterUnauthorized(request, response).Should().BeTrue();
        using var again = new HttpRequestMessage(HttpMethod.Post, endpoint);
        await strategy.ApplyAsync(again, CancellationToken.None);

        again.Headers.Authorization!.ToString().Should().Be("Bearer tok-2");
        source.Requests.Select(r => (r.ForceRefresh, r.Claims)).Should().Equal((false, null), (true, claims));
    }

    private static async Task<Exception> Record(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("Expected the send to fail.");
    }

    /// <summary>A fake token source: hands out the given tokens in order (the last one again when they run out),
    /// each valid for <c>lifetime</c>, and records every request.</summary>
    /// <summary>A JWT-shaped token naming a user (unsigned: the bundled server only compares the string).</summary>
    private static string Jwt(string upn) =>
        "eyJ0eXAiOiJKV1QifQ." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{{\"upn\":\"{upn}\",\"exp\":4102444800}}")) + ".c2ln";

    [SkippableTheory]
    [InlineData(ServerFixture.AccountAddress, false)]
    [InlineData(Shared, true)]
    public async Task The_check_knows_the_account_from_a_delegated_token_and_warns_only_for_another_sender(string senderAddress, bool warns)
    {
        var token = Jwt(ServerFixture.AccountAddress);
        var (server, _) = await StartAsync(token);
        await using var __ = server;
        using var sender = Sender(server, new TokenSource(token), o => o.SenderAddress = senderAddress);

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        check.Warnings.Any(w => w.Code == ExchangeSendWarning.SendAsNotProven).Should().Be(warns, check.ToString());
        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender).Detail.Should().NotContain("not known").And.NotContain(token);
        server.Requests.Any(r => r.Operation == "ResolveNames").Should().Be(warns);
    }

    [SkippableFact]
    public async Task An_app_only_token_names_no_user_and_the_check_says_to_impersonate()
    {
        var (server, _) = await StartAsync("opaque-app-token");
        await using var __ = server;
        using var sender = Sender(server, new TokenSource("opaque-app-token"), o => o.SenderAddress = Shared);

        var check = await sender.TestConnectionAsync();

        check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender).Detail.Should().Contain("the access token names no user").And.Contain("ImpersonatedUser");
    }

    private sealed class TokenSource(string[] tokens, TimeProvider? clock = null, TimeSpan? lifetime = null, TimeSpan? refreshAfter = null)
    {
        private readonly ConcurrentQueue<ExchangeAccessTokenRequest> _requests = new();
        private int _next;

        public TokenSource(params string[] tokens) : this(tokens, null) { }

        public ExchangeAccessTokenRequest[] Requests => _requests.ToArray();

        public ValueTask<ExchangeAccessToken> GetAsync(ExchangeAccessTokenRequest request, CancellationToken cancellationToken)
        {
            _requests.Enqueue(request);
            var index = Math.Min(Interlocked.Increment(ref _next) - 1, tokens.Length - 1);
            var now = (clock ?? TimeProvider.System).GetUtcNow();
            return ValueTask.FromResult(new ExchangeAccessToken(tokens[index], now + (lifetime ?? TimeSpan.FromHours(1)), refreshAfter is { } r ? now + r : null));
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
