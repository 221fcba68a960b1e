using System.Security.Cryptography;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Integration;

/// <summary>MessageFormat Automatic (the default): MIME for gromox, recognised by its ServerVersionInfo, typed items
/// otherwise; learned once per connection by a GetFolder shared by concurrent sends, or by the connection check.</summary>
public class MessageFormatTests
{
    private static readonly FakeEwsServerVersionInfo Gromox = new(15, 0, 847, 4040, "V2017_07_11");

    private static Task<FakeEwsServer> StartAsync(bool gromox) =>
        ServerFixture.StartAsync(o =>
        {
            if (gromox)
            {
                o.ServerVersionInfo = Gromox;
            }
        });

    [SkippableTheory]
    [InlineData(false, ExchangeMessageFormat.Items)]
    [InlineData(true, ExchangeMessageFormat.Mime)]
    public async Task Automatic_asks_the_server_once_then_sends_in_its_format(bool gromox, ExchangeMessageFormat expected)
    {
        await using var server = await StartAsync(gromox);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Automatic);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => sender.SendAsync(TestOptions.Message(m => m.Subject = "m" + i))));
        var last = await sender.SendAsync(TestOptions.Message(m => m.Subject = "last"));

        results.Append(last).Should().OnlyContain(r => r.MessageFormat == expected);
        server.Requests.Select(r => r.Operation).Should().Equal(new[] { "GetFolder" }.Concat(Enumerable.Repeat("CreateItem", 9)),
            "one GetFolder, shared by the concurrent first sends, identifies the server");
        server.SentMessages.Should().HaveCount(9).And.OnlyContain(m => m.HasMimeContent == gromox);
    }

    [SkippableFact]
    public async Task The_connection_check_reports_the_server_and_format_and_spares_the_first_send_its_probe()
    {
        await using var server = await StartAsync(gromox: true);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Automatic);

        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeTrue(check.ToString());
        check.Server.Should().Be(ExchangeServerProduct.Gromox);
        check.MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        check.MessageFormatReason.Should().Contain("gromox").And.Contain("15.0.847.4040");
        check.ToString().Should().Contain("messages as Mime");

        server.ClearHistory();
        (await sender.SendAsync(TestOptions.Message())).MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        server.Requests.Select(r => r.Operation).Should().Equal("CreateItem");
    }

    [SkippableTheory]
    [InlineData(ExchangeMessageFormat.Items, false)]
    [InlineData(ExchangeMessageFormat.Mime, true)]
    public async Task A_configured_format_is_used_without_asking(ExchangeMessageFormat configured, bool gromox)
    {
        await using var server = await StartAsync(gromox: !gromox);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = configured);
        var check = await sender.TestConnectionAsync();
        check.MessageFormat.Should().Be(configured);
        if (configured == ExchangeMessageFormat.Items)
        {
            // Items on gromox: said, with what it loses and what to set instead.
            check.MessageFormatReason.Should().StartWith("MessageFormat is set to Items, but the server is gromox").And.Contain("set MessageFormat to Automatic or Mime");
        }
        else
        {
            check.MessageFormatReason.Should().Be("MessageFormat is set to Mime.");
        }

        server.ClearHistory();

        (await sender.SendAsync(TestOptions.Message())).MessageFormat.Should().Be(configured);
        server.Requests.Select(r => r.Operation).Should().Equal("CreateItem");
        (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).HasMimeContent.Should().Be(configured == ExchangeMessageFormat.Mime);
    }

    [SkippableFact]
    public async Task A_failed_probe_sends_nothing_and_is_asked_again_next_time()
    {
        await using var server = await StartAsync(gromox: true);
        server.EnqueueFault(FakeEwsFault.HttpStatus(500, "<html>down</html>", "text/html"));
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = ExchangeMessageFormat.Automatic;
            o.MaxRetryAttempts = 0;
        });

        var first = () => sender.SendAsync(TestOptions.Message());
        var error = (await first.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.OutcomeUnknown.Should().BeFalse();
        error.InternetMessageId.Should().NotBeNull();
        server.SentMessages.Should().BeEmpty();

        (await sender.SendAsync(TestOptions.Message())).MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        server.Requests.Select(r => r.HttpStatus).Should().Equal(500, 200, 200);
        server.Requests.Skip(1).Select(r => r.Operation).Should().Equal("GetFolder", "CreateItem");
    }

    [SkippableFact]
    public async Task A_five_megabyte_attachment_from_a_non_seekable_stream_arrives_intact_as_MIME()
    {
        await using var server = await StartAsync(gromox: true);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Automatic);
        var bytes = RandomNumberGenerator.GetBytes(5 * 1024 * 1024 + 7);

        var result = await sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("big.bin", new ForwardOnlyStream(bytes)))));

        result.MessageFormat.Should().Be(ExchangeMessageFormat.Mime);
        var received = await server.WaitForMessageAsync(TimeSpan.FromSeconds(10));
        received.Attachments.Single().Sha256Hex.Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        server.Requests.Should().OnlyContain(r => r.ContentLength == r.BodyBytes && !r.IsChunked);
    }

}

/// <summary>gromox discloses every Bcc recipient to everyone; for it the MIME plan sends To/Cc once without Bcc, then a
/// SendOnly copy per Bcc recipient without To/Cc headers. Exchange gets one request with typed Bcc.</summary>
public class GromoxBccPlanTests
{
    private static readonly FakeEwsServerVersionInfo Gromox = new(15, 0, 847, 4040, "V2017_07_11");

    [SkippableFact]
    public async Task For_gromox_each_Bcc_recipient_gets_its_own_copy_and_the_To_copy_names_no_Bcc()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = Gromox);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);

        var result = await sender.SendAsync(TestOptions.Message(m =>
        {
            m.Cc.Add(new ExchangeMailbox("carol@example.com"));
            m.Bcc.Add(new ExchangeMailbox("b1@example.com", "B One"));
            m.Bcc.Add(new ExchangeMailbox("b2@example.com"));
        }));

        server.Requests.Select(r => r.Operation).Should().Equal("GetFolder", "CreateItem", "CreateItem", "CreateItem");
        result.RequestCount.Should().Be(3);
        var sent = server.SentMessages;
        sent.Select(m => m.MessageDisposition).Should().Equal("SendAndSaveCopy", "SendOnly", "SendOnly");
        sent.Should().OnlyContain(m => m.InternetMessageId == result.InternetMessageId);
        sent[0].ToRecipients.Select(r => r.Address).Should().Equal("alice@example.com");
        sent[0].CcRecipients.Select(r => r.Address).Should().Equal("carol@example.com");
        sent[0].BccRecipients.Should().BeEmpty();
        sent[1].BccRecipients.Select(r => r.Address).Should().Equal("b1@example.com");
        sent[2].BccRecipients.Select(r => r.Address).Should().Equal("b2@example.com");
        sent.Skip(1).Should().OnlyContain(m => m.ToRecipients.Count == 0 && m.CcRecipients.Count == 0, "the copies carry no To/Cc headers gromox would deliver to again");
        server.GetFolderItems("sentitems").Should().ContainSingle();
    }

    [SkippableFact]
    public async Task For_Exchange_Bcc_travels_typed_beside_the_MIME_in_one_request()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);

        await sender.SendAsync(TestOptions.Message(m => m.Bcc.Add(new ExchangeMailbox("b1@example.com"))));

        server.Requests.Select(r => r.Operation).Should().Equal("GetFolder", "CreateItem");
        server.SentMessages.Single().BccRecipients.Select(r => r.Address).Should().Equal("b1@example.com");
    }

    [SkippableFact]
    public async Task A_failed_Bcc_copy_says_who_got_the_message_and_who_did_not()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = Gromox);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = ExchangeMessageFormat.Mime;
            o.MaxRetryAttempts = 0;
        });
        await sender.TestConnectionAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("NoError", responseClass: "Success"));
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorInternalServerError", "boom"));

        var send = () => sender.SendAsync(TestOptions.Message(m =>
        {
            m.Bcc.Add(new ExchangeMailbox("b1@example.com"));
            m.Bcc.Add(new ExchangeMailbox("b2@example.com"));
        }));
        var error = (await send.Should().ThrowAsync<ExchangeException>()).Which;
        error.Message.Should().Contain("delivered to its To and Cc recipients and to 0 of its 2 Bcc recipients")
            .And.Contain("not sent to: b1@example.com, b2@example.com").And.Contain("ErrorInternalServerError");
        error.IsTransient.Should().BeFalse("resending the whole message would send it to To and Cc again");
        error.InternetMessageId.Should().NotBeNull();
    }
}
