using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>A message's own <c>ImpersonatedUser</c> over real HTTP to the bundled server: it overrides the connection's for
/// every request of that send (typed, MIME, three calls, the lookup of an unknown outcome), and empty means none.</summary>
public class MessageImpersonationTests
{
    private const string Shared = "shared@example.com";
    private const string Other = "other@example.com";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Task<FakeEwsServer> StartAsync() => ServerFixture.StartAsync(o =>
    {
        o.Users.Add(new FakeEwsUser(Shared, "Shared Mailbox", "shared", "s-secret"));
        o.Users.Add(new FakeEwsUser(Other, "Other Mailbox", "other", "o-secret"));
    });

    private static ExchangeMailMessage Message(string subject, string? impersonated, string? from = null) => new()
    {
        Subject = subject, Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") },
        ImpersonatedUser = impersonated, From = from is null ? null : new ExchangeMailbox(from),
    };

    [SkippableTheory]
    [InlineData(ExchangeMessageFormat.Items)]
    [InlineData(ExchangeMessageFormat.Mime)]
    public async Task A_message_impersonation_overrides_the_connection_for_its_request_only(ExchangeMessageFormat format)
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress);
        using var sender = ServerFixture.Sender(server, o => { o.MessageFormat = format; o.ImpersonatedUser = Shared; o.SenderAddress = Shared; });

        await sender.SendAsync(Message("as other", Other, from: Other));
        await sender.SendAsync(Message("as shared", null));

        var sends = server.Requests.Where(r => r.Operation == "CreateItem").ToList();
        sends.Select(r => r.ImpersonatedUser).Should().Equal(Other, Shared);
        sends.Select(r => r.AnchorMailbox).Should().Equal(Other, Shared);
        server.GetFolderItems("sentitems", Other).Select(m => m.Subject).Should().Equal("as other");
    }

    [SkippableFact]
    public async Task An_empty_message_impersonation_acts_as_the_account_itself()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress);
        using var sender = ServerFixture.Sender(server, o => { o.ImpersonatedUser = Shared; o.SenderAddress = Shared; });

        await sender.SendAsync(Message("as account", "", from: ServerFixture.AccountAddress));

        var request = server.Requests.Single(r => r.Operation == "CreateItem");
        request.ImpersonatedUser.Should().BeNull();
        request.AnchorMailbox.Should().BeNull();
        (await server.WaitForMessageAsync(Wait)).From!.Address.Should().Be(ServerFixture.AccountAddress);
    }

    [SkippableFact]
    public async Task Every_request_of_the_three_call_path_carries_the_message_impersonation()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress, Other);
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        var message = Message("three calls", Other, from: Other);
        message.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "abc"u8.ToArray(), "text/plain"));

        var result = await sender.SendAsync(message);

        result.RequestCount.Should().Be(3);
        server.Requests.Where(r => r.Operation is "CreateItem" or "CreateAttachment" or "SendItem")
            .Should().HaveCount(3).And.OnlyContain(r => r.ImpersonatedUser == Other);
    }

    [SkippableFact]
    public async Task An_unknown_outcome_is_looked_up_as_the_message_acted_and_not_sent_twice()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress, Other);
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { o.ResolveUnknownOutcomes = true; o.SentItemsFilingTime = TimeSpan.FromSeconds(2); });

        var result = await sender.SendAsync(Message("lost answer", Other, from: Other));

        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.FoundInSentItems);
        server.SentMessages.Should().ContainSingle();
        server.Requests.Where(r => r.Operation == "FindItem").Should().NotBeEmpty().And.OnlyContain(r => r.ImpersonatedUser == Other);
    }

    [SkippableFact]
    public async Task Batches_do_not_mix_impersonations_in_one_request()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress);
        using var sender = ServerFixture.Sender(server);

        var result = await sender.SendAsync([Message("a", Other, Other), Message("b", Other, Other), Message("c", null), Message("d", Shared, Shared)]);

        result.AllSent.Should().BeTrue(result.ToString());
        server.Requests.Where(r => r.Operation == "CreateItem").Select(r => r.ImpersonatedUser).Should().BeEquivalentTo([Other, null, Shared], "the requests run concurrently");
    }

    [SkippableTheory]
    [InlineData("not an address", ExchangeConnectingIdType.SmtpAddress, "is not an SMTP address")]
    [InlineData("a@example.com\r\nX-Evil: 1", ExchangeConnectingIdType.SmtpAddress, "is not an SMTP address")]
    [InlineData("S-1-5", ExchangeConnectingIdType.Sid, "is not a SID")]
    [InlineData("x@example.com", (ExchangeConnectingIdType)9, "ImpersonatedUserIdType '9' is not known")]
    public async Task A_bad_message_impersonation_is_refused_before_any_IO(string id, ExchangeConnectingIdType type, string expected)
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server);
        var message = Message("bad", id);
        message.ImpersonatedUserIdType = type;

        var act = () => sender.SendAsync(message);

        (await act.Should().ThrowAsync<ExchangeMessageValidationException>()).Which.Message.Should().Contain(expected);
        server.Requests.Should().BeEmpty();
    }
}
