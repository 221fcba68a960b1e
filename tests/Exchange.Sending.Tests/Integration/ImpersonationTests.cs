using System.Text;
using Exchange.Sending.Ews;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.Integration;

/// <summary>EWS impersonation (<c>t:ExchangeImpersonation</c> + <c>X-AnchorMailbox</c>) over real HTTP to the bundled server.</summary>
public class ImpersonationTests
{
    private const string Shared = "shared@example.com";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Task<FakeEwsServer> StartAsync() =>
        ServerFixture.StartAsync(o => o.Users.Add(new FakeEwsUser(Shared, "Shared Mailbox", "shared", "other-secret")));

    [SkippableFact]
    public async Task An_impersonated_send_acts_as_the_mailbox_and_names_it_as_anchor()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.ImpersonatedUser = Shared;
            o.SenderAddress = Shared;
            o.SenderName = "Shared Mailbox";
        });

        await sender.SendAsync(new ExchangeMailMessage { Subject = "as shared", Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") } });
        var received = await server.WaitForMessageAsync(Wait);

        received.From!.Address.Should().Be(Shared);
        var request = server.Requests.Single(r => r.Operation == "CreateItem");
        request.ImpersonatedUser.Should().Be(Shared);
        request.AnchorMailbox.Should().Be(Shared);
        request.AuthenticatedUser.Should().Be(ServerFixture.AccountAddress);
    }

    [SkippableFact]
    public async Task A_streamed_request_carries_the_header_with_an_exact_Content_Length()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o => { o.ImpersonatedUser = Shared; o.SenderAddress = Shared; });
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var message = new ExchangeMailMessage
        {
            Subject = "large", Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") },
            Attachments = { ExchangeAttachment.FromBytes("a.bin", bytes, "application/octet-stream") },
        };

        var result = await sender.SendAsync(message);
        var received = await server.WaitForMessageAsync(Wait);

        received.Attachments.Single().Content.Should().Equal(bytes);
        var request = server.Requests.Single(r => r.Operation == "CreateItem");
        request.ImpersonatedUser.Should().Be(Shared);
        request.ContentLength.Should().Be(request.BodyBytes).And.Be(result.RequestBytes);
        request.IsChunked.Should().BeFalse();
    }

    [SkippableFact]
    public async Task Without_the_role_the_error_names_ApplicationImpersonation_and_nothing_is_sent()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server, o => { o.ImpersonatedUser = Shared; o.SenderAddress = Shared; });

        var act = () => sender.SendAsync(new ExchangeMailMessage { Subject = "denied", Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") } });

        var error = (await act.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorImpersonateUserDenied);
        error.Message.Should().Contain("ApplicationImpersonation").And.Contain("New-ManagementRoleAssignment").And.Contain("ImpersonatedUser");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_mailbox_the_server_does_not_know_is_ErrorNonExistentMailbox()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress);
        using var sender = ServerFixture.Sender(server, o => { o.ImpersonatedUser = "nobody@example.com"; o.SenderAddress = "nobody@example.com"; });

        var act = () => sender.SendAsync(new ExchangeMailMessage { Subject = "nobody", Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") } });

        (await act.Should().ThrowAsync<ExchangeServiceException>()).Which.ResponseCode.Should().Be(ExchangeResponseCode.ErrorNonExistentMailbox);
    }

    [SkippableFact]
    public async Task A_principal_name_is_sent_without_an_anchor()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.ImpersonatedUser = "shared@corp.example.com";
            o.ImpersonatedUserIdType = ExchangeConnectingIdType.PrincipalName;
        });

        // The bundled server knows its users by address only, so the principal name resolves to no mailbox;
        // what matters here is what the client sent.
        var act = () => sender.SendAsync(new ExchangeMailMessage { Subject = "upn", Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") } });
        await act.Should().ThrowAsync<ExchangeServiceException>();
        server.Requests.Single(r => r.Operation == "CreateItem").AnchorMailbox.Should().BeNull();
    }

    [SkippableTheory]
    [InlineData(ExchangeConnectingIdType.SmtpAddress, "shared@example.com", "SmtpAddress")]
    [InlineData(ExchangeConnectingIdType.PrincipalName, "shared@corp.example.com", "PrincipalName")]
    [InlineData(ExchangeConnectingIdType.Sid, "S-1-5-21-1004336348-1177238915-682003330-512", "SID")]
    public async Task The_header_follows_RequestServerVersion_and_validates_against_the_schema(ExchangeConnectingIdType type, string id, string element)
    {
        EwsSchema.RequireDirectory();
        using var output = new EwsXmlOutput(EwsOutputMode.Buffer, null);
        await EwsEnvelopeWriter.WriteAsync(output, ExchangeVersion.Exchange2013_SP1, new GetFolderOperation("sentitems"), CancellationToken.None,
            new EwsImpersonation(type, id));
        var xml = Encoding.UTF8.GetString(output.Buffered.Span);

        xml.Should().Contain($"<soap:Header><t:RequestServerVersion Version=\"Exchange2013_SP1\" /><t:ExchangeImpersonation><t:ConnectingSID><t:{element}>{id}</t:{element}></t:ConnectingSID></t:ExchangeImpersonation></soap:Header>");
        EwsSchema.Validate(xml).Should().BeEmpty();
    }

    [Theory]
    [InlineData(ExchangeConnectingIdType.SmtpAddress, "Shared Mailbox <shared@example.com>", "not an e-mail address")]
    [InlineData(ExchangeConnectingIdType.Sid, "shared@example.com", "is not a SID")]
    [InlineData(ExchangeConnectingIdType.PrincipalName, "DOMAIN\\shared", "is not a user principal name")]
    [InlineData(ExchangeConnectingIdType.SmtpAddress, "shared@example.com\nX-Injected: 1", "not an e-mail address")]
    [InlineData(ExchangeConnectingIdType.Sid, "S-1-5-21-1-2\n", "is not a SID")]
    [InlineData((ExchangeConnectingIdType)9, "shared@example.com", "ImpersonatedUserIdType '9' is not known")]
    public void A_malformed_ImpersonatedUser_is_refused_before_any_request(ExchangeConnectingIdType type, string id, string text)
    {
        var options = new ExchangeConnectionOptions
        {
            SystemName = "imp", ServerUrl = "127.0.0.1:1", AllowInsecureHttp = true, SenderAddress = "a@example.com",
            ImpersonatedUser = id, ImpersonatedUserIdType = type,
        };

        var act = () => new ExchangeMailSender(options);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("ImpersonatedUser").And.Contain(text);
    }
}
