using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Configuration;

namespace Exchange.Sending.Tests.Integration;

/// <summary>Regressions from trying to break the library: each case fails clearly, or sends exactly once.</summary>
public class HostileInputTests
{
    [SkippableFact]
    public async Task A_single_use_stream_is_read_once_into_a_spool_so_a_busy_server_is_retried_with_the_same_bytes()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(100));
        using var sender = ServerFixture.Sender(server);
        var piped = new ForwardOnlyStream("once"u8.ToArray());

        await sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("a.bin", piped))));

        server.Requests.Select(r => r.ResponseCode).Should().Equal("ErrorServerBusy", "NoError");
        server.Requests.Should().OnlyContain(r => r.ContentLength == r.BodyBytes && !r.IsChunked, "even a stream of unknown length is framed with Content-Length");
        var sent = await server.WaitForMessageAsync(TimeSpan.FromSeconds(5));
        Assert.Single(sent.Attachments).Content.Should().Equal("once"u8.ToArray());
    }

    [SkippableFact]
    public async Task An_attachment_file_deleted_before_the_send_is_a_local_permanent_error()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var path = Path.GetTempFileName();
        var attachment = ExchangeAttachment.FromFile(path);
        File.Delete(path);

        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(attachment)));
        var error = (await send.Should().ThrowAsync<ExchangeException>()).Which;
        error.Should().NotBeAssignableTo<ExchangeTransportException>();
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Contain($"attachment '{Path.GetFileName(path)}' could not be read from its source").And.Contain("Nothing was delivered");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_relative_redirect_is_reported_not_thrown_raw()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Redirect("/owa/auth/logon.aspx"));
        using var sender = ServerFixture.Sender(server);
        var check = await sender.TestConnectionAsync();
        check.FailedStep.Should().Be(ExchangeConnectionCheckStep.Endpoint);
        check.FailureReason.Should().Contain($"http://{server.ServerUrl}/owa/auth/logon.aspx");
    }

    [SkippableFact]
    public async Task Every_send_failure_names_its_message_id()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead());
        using var sender = ServerFixture.Sender(server);
        var send = () => sender.SendAsync(TestOptions.Message(m => m.InternetMessageId = "<lost-42@example.com>"));
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.OutcomeUnknown.Should().BeTrue();
        error.InternetMessageId.Should().Be("<lost-42@example.com>");
        server.SentMessages.Should().ContainSingle().Which.InternetMessageId.Should().Be("<lost-42@example.com>");
    }

    [SkippableFact]
    public async Task Disposing_during_sends_fails_queued_sends_promptly_and_says_whether_the_in_flight_one_went_out()
    {
        await using var server = await ServerFixture.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(2)));
        }

        var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);
        var sends = Enumerable.Range(0, 3).Select(_ => sender.SendAsync(TestOptions.Message())).ToArray();
        await Task.Delay(300);
        sender.Dispose();

        var outcomes = await Task.WhenAll(sends.Select(async s =>
        {
            try
            {
                await s.WaitAsync(TimeSpan.FromSeconds(5));
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));
        outcomes.Should().OnlyContain(e => e is ObjectDisposedException || e is ExchangeException);
        outcomes.OfType<ExchangeException>().Should().ContainSingle().Which.Message.Should().Contain("the sender was disposed while CreateItem was in flight");
        var after = () => sender.SendAsync(TestOptions.Message());
        await after.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Theory]
    [InlineData("HTTPS://mail.example.com", "without protocol: 'mail.example.com'")]
    [InlineData("https:/mail.example.com", "without protocol: 'mail.example.com'")]
    [InlineData("//mail.example.com", "starts with '/'")]
    [InlineData("mail.example.com:0", "no valid port")]
    [InlineData("mail.example.com:", "no valid port")]
    [InlineData("mail.example.com:99999", "not a valid host")]
    public void Odd_server_urls_are_refused_with_the_fix(string url, string expected)
    {
        EwsEndpoint.TryCreate(url, false, out _, out var error).Should().BeFalse();
        error.Should().Contain(expected);
    }

    [Theory]
    [InlineData("Version", "2")]
    [InlineData("Version", "Exchange2007_SP1, Exchange2009")]
    [InlineData("AuthenticationType", "None, Basic")]
    public void Enum_settings_take_names_only(string key, string value)
    {
        var options = new ExchangeConnectionOptions();
        var section = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection([new(key, value)]).Build();
        ExchangeConnectionOptionsBinder.Bind(section, options).Should().ContainSingle()
            .Which.Should().Match<ExchangeConnectionBindingFailure>(f => f.Key == key && f.Property == key && f.Message.StartsWith($"{key} '{value}' is not a valid", StringComparison.Ordinal));
    }

    [Fact]
    public void Enum_names_bind_in_any_case()
    {
        var options = new ExchangeConnectionOptions();
        var section = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection([new("Version", "exchange2010_sp2")]).Build();
        ExchangeConnectionOptionsBinder.Bind(section, options);
        options.Version.Should().Be(ExchangeVersion.Exchange2010_SP2);
    }

    [Fact]
    public async Task Options_changed_after_construction_do_not_bypass_validation()
    {
        var options = TestOptions.Valid(o => o.ServerUrl = "no-such-host.invalid");
        using var sender = new ExchangeMailSender(options);
        options.SenderAddress = "not-an-address";
        options.Version = 0;
        var send = () => sender.SendAsync(TestOptions.Message());
        // Still the validated copy: the send reaches the network (and fails there), not the writer.
        (await send.Should().ThrowAsync<ExchangeTransportException>()).Which.Failure.Should().Be(ExchangeTransportFailure.NameResolution);
    }

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Bad_message_content_is_refused_before_any_io(string field, Action<ExchangeMailMessage> change)
    {
        using var sender = new ExchangeMailSender(TestOptions.Valid(o => o.ServerUrl = "no-such-host.invalid"));
        var send = () => sender.SendAsync(TestOptions.Message(change));
        (await send.Should().ThrowAsync<ExchangeMessageValidationException>()).Which.Errors.Should().Contain(e => e.Field.StartsWith(field));
    }

    public static TheoryData<string, Action<ExchangeMailMessage>> BadMessages() => new()
    {
        { "Importance", m => m.Importance = (ExchangeImportance)9 },
        { "Sensitivity", m => m.Sensitivity = (ExchangeSensitivity)7 },
        { "Attachments[0].ContentType", m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", [1], "text/plain; x=\u0001")) },
        { "To[1]", m => m.To.Add(null!) },
        { "Attachments[0]", m => m.Attachments.Add(null!) },
        { "Attachments", m =>
            {
                m.Attachments.Add(ExchangeAttachment.FromBytes("a.png", [1]).AsInline("logo@x"));
                m.Attachments.Add(ExchangeAttachment.FromBytes("b.png", [2]).AsInline("logo@x"));
            }
        },
    };

    [SkippableFact]
    public async Task Carriage_returns_in_a_text_body_arrive_intact()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        await sender.SendAsync(TestOptions.Message(m => m.Body = ExchangeMessageBody.Text("a\rb\r\nc\nd")));
        (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).Body.Should().Be("a\rb\r\nc\nd");
    }

    [SkippableFact]
    public async Task A_single_use_stream_that_fails_while_it_is_spooled_is_a_local_error_before_any_request()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);

        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("broken.bin", new FailingStream()))));
        var error = (await send.Should().ThrowAsync<ExchangeException>()).Which;

        error.Should().NotBeAssignableTo<ExchangeTransportException>();
        error.Message.Should().Contain("'broken.bin'").And.Contain("disk went away").And.Contain("Nothing was delivered");
        error.InternetMessageId.Should().NotBeNull();
        error.IsTransient.Should().BeFalse();
        server.Requests.Should().BeEmpty();
    }

    private sealed class FailingStream() : MemoryStream(new byte[100])
    {
        public override bool CanSeek => false;
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("disk went away");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new IOException("disk went away");
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new IOException("disk went away");
    }
}
