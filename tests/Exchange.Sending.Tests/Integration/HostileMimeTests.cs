using System.Text;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using MimeKit;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Regression tests for what a hostile test run found in the MIME path, the gromox Bcc plan, the probe and the
/// redaction of secrets a server echoes back.</summary>
public class HostileMimeTests
{
    private static readonly FakeEwsServerVersionInfo Gromox = new(15, 0, 847, 4040, "V2017_07_11");

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task International_addresses_survive_the_MIME_unchanged(bool gromox)
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = gromox ? Gromox : o.ServerVersionInfo);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);

        await sender.SendAsync(TestOptions.Message(m =>
        {
            m.To.Clear();
            m.To.Add(new ExchangeMailbox("user@bücher.example", "Bücher Ω"));
            m.ReplyTo.Add(new ExchangeMailbox("reply@bücher.example"));
        }));

        var received = await server.WaitForMessageAsync(TimeSpan.FromSeconds(5));
        var to = received.ToMimeMessage().To.Mailboxes.Single();
        (to.Name, MailboxAddress.DecodeAddrspec(to.Address)).Should().Be(("Bücher Ω", "user@bücher.example"));
        MailboxAddress.DecodeAddrspec(received.ToMimeMessage().ReplyTo.Mailboxes.Single().Address).Should().Be("reply@bücher.example");
    }

    [SkippableFact]
    public async Task Gromox_Bcc_plan_sends_one_copy_per_mailbox_and_none_to_To_or_Cc_again()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = Gromox);
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);

        var result = await sender.SendAsync(TestOptions.Message(m =>
        {
            m.Bcc.Add(new ExchangeMailbox("dup@example.com"));
            m.Bcc.Add(new ExchangeMailbox("DUP@example.com"));
            m.Bcc.Add(new ExchangeMailbox("Alice@example.com"));   // already in To
        }));

        server.SentMessages.Should().HaveCount(2, "one To copy and one copy for the one distinct Bcc mailbox");
        server.SentMessages[1].BccRecipients.Select(b => b.Address).Should().Equal("dup@example.com");
        result.RequestCount.Should().Be(2);
    }

    [SkippableFact]
    public async Task Gromox_Bcc_copy_with_a_lost_answer_is_reported_as_unknown_not_as_not_sent()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = Gromox);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = ExchangeMessageFormat.Mime;
            o.MaxRetryAttempts = 0;
        });
        await sender.TestConnectionAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("NoError", responseClass: "Success"));
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead());

        var send = () => sender.SendAsync(TestOptions.Message(m =>
        {
            m.Bcc.Add(new ExchangeMailbox("b1@example.com"));
            m.Bcc.Add(new ExchangeMailbox("b2@example.com"));
        }));
        var error = (await send.Should().ThrowAsync<ExchangeException>()).Which;

        error.OutcomeUnknown.Should().BeTrue();
        error.Message.Should().Contain("whether Bcc recipient 'b1@example.com' got it is unknown").And.Contain("not sent to: b2@example.com.");
    }

    [SkippableFact]
    public async Task An_attached_message_keeps_its_own_Bcc_To_and_Cc_headers()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ServerVersionInfo = Gromox);
        using var sender = ServerFixture.Sender(server);
        var inner = new MimeMessage();
        inner.From.Add(new MailboxAddress("Inner", "inner@example.com"));
        inner.To.Add(new MailboxAddress("Inner To", "inner-to@example.com"));
        inner.Bcc.Add(new MailboxAddress("Inner Bcc", "inner-bcc@example.com"));
        inner.Subject = "forwarded";
        inner.Body = new TextPart("plain") { Text = "evidence" };
        var outer = new MimeMessage { Subject = "fw" };
        outer.To.Add(new MailboxAddress("Alice", "alice@example.com"));
        outer.Bcc.Add(new MailboxAddress("Hidden", "hidden@example.com"));
        outer.Body = new Multipart("mixed") { new TextPart("plain") { Text = "see attached" }, new MessagePart { Message = inner } };

        await sender.SendAsync(outer);

        foreach (var sent in server.SentMessages)
        {
            var attached = sent.ToMimeMessage().BodyParts.OfType<MessagePart>().Single().Message!;
            attached.Bcc.Mailboxes.Single().Address.Should().Be("inner-bcc@example.com");
            attached.To.Mailboxes.Single().Address.Should().Be("inner-to@example.com");
            sent.ToMimeMessage().Bcc.Count.Should().Be(0);
        }

        server.SentMessages.Should().HaveCount(2, "gromox: the To copy and one Bcc copy");
    }

    [SkippableFact]
    public async Task An_attachment_stream_throwing_any_exception_is_a_local_error()
    {
        await using var server = await ServerFixture.StartAsync();
        foreach (var format in new[] { ExchangeMessageFormat.Items, ExchangeMessageFormat.Mime })
        {
            using var sender = ServerFixture.Sender(server, o => o.MessageFormat = format);
            var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("x.bin", new ThrowingStream()))));
            var error = (await send.Should().ThrowAsync<ExchangeException>()).Which;
            error.Should().NotBeAssignableTo<ExchangeTransportException>();
            error.Message.Should().Contain("'x.bin'").And.Contain("tampered");
        }

        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Concurrent_first_sends_share_one_failing_probe()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(3)));
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = ExchangeMessageFormat.Automatic;
            o.RequestTimeout = TimeSpan.FromSeconds(1);
            o.MaxRetryAttempts = 0;
        });

        var started = DateTime.UtcNow;
        var sends = Enumerable.Range(0, 8).Select(_ => sender.SendAsync(TestOptions.Message())).ToArray();
        var outcomes = await Task.WhenAll(sends.Select(async s => (await FluentActions.Awaiting(() => s).Should().ThrowAsync<ExchangeTransportException>()).Which));

        outcomes.Should().OnlyContain(e => e.Failure == ExchangeTransportFailure.Timeout && !e.OutcomeUnknown);
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(5), "all eight wait for the one probe, not one after another");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Credentials_a_server_echoes_back_never_reach_the_exception_or_the_log()
    {
        var echoed = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ServerFixture.Account + ":" + ServerFixture.Password));
        await using var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        server.EnqueueFault(FakeEwsFault.HttpStatus(403, $"<html><title>Forbidden: {echoed} / {ServerFixture.Password}</title></html>", "text/html"));
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorAccessDenied", $"denied for {echoed}"));
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorAccessDenied", $"denied, password {ServerFixture.Password}"));
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = ServerFixture.Account;
            o.Password = ServerFixture.Password;
            o.MaxRetryAttempts = 0;
        });

        for (var i = 0; i < 3; i++)
        {
            var error = (await FluentActions.Awaiting(() => sender.SendAsync(TestOptions.Message())).Should().ThrowAsync<ExchangeException>()).Which;
            var all = error.ToString() + (error as ExchangeServiceException)?.ServerMessage + (error as ExchangeServiceException)?.MessageXml;
            all.Should().NotContain(ServerFixture.Password).And.NotContain(echoed[6..]);
            all.Should().Contain("***");
        }
    }

    [SkippableFact]
    public async Task A_MimeMessage_with_a_control_character_in_an_X_header_is_refused_before_any_request()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var message = new MimeMessage { Subject = "x" };
        message.To.Add(new MailboxAddress("", "alice@example.com"));
        message.Body = new TextPart("plain") { Text = "x" };
        message.Headers.Add("X-Broken", "a\u0001b");

        (await FluentActions.Awaiting(() => sender.SendAsync(message)).Should().ThrowAsync<ExchangeMessageValidationException>())
            .Which.Errors.Should().ContainSingle(e => e.Field == "Headers" && e.Message.Contains("X-Broken"));
        server.Requests.Should().BeEmpty();
    }

    private sealed class ThrowingStream() : MemoryStream(new byte[10])
    {
        public override bool CanSeek => false;
        public override int Read(byte[] buffer, int offset, int count) => throw new System.Security.Cryptography.CryptographicException("tampered");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new System.Security.Cryptography.CryptographicException("tampered");
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new System.Security.Cryptography.CryptographicException("tampered");
    }
}
