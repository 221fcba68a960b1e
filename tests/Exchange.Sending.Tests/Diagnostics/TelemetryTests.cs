using System.Diagnostics;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Diagnostics;

/// <summary>Spans and metrics over real HTTP to the bundled server: a span per send with a child span per EWS request,
/// the counters and histograms of docs/telemetry.md, and never a secret, recipient, subject or body in a tag.</summary>
public class TelemetryTests
{
    private const string User = "svc";
    private const string Secret = "Tele-Secret-Pa55";
    private const string SenderAddress = "svc@example.com";
    private const string Recipient = "alice.private@example.org";
    private const string Subject = "Quarterly salaries (confidential)";
    private const string BodyText = "a body nobody may trace";

    private static async Task<(FakeEwsServer Server, ExchangeMailSender Sender)> StartAsync(string connection, Action<ExchangeConnectionOptions>? change = null)
    {
        var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        server.AddUser(new FakeEwsUser(SenderAddress, "Service", User, Secret));
        var sender = ServerFixture.Sender(server, o =>
        {
            o.SystemName = connection;
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = User;
            o.Password = Secret;
            o.SenderAddress = SenderAddress;
            change?.Invoke(o);
        });
        return (server, sender);
    }

    private static ExchangeMailMessage Message() => TestOptions.Message(m =>
    {
        m.To.Clear();
        m.To.Add(new ExchangeMailbox(Recipient, "Alice Private"));
        m.Subject = Subject;
        m.Body = ExchangeMessageBody.Text(BodyText);
    });

    [SkippableFact]
    public async Task A_send_has_an_internal_span_with_a_client_span_per_EWS_request_and_counts_as_sent()
    {
        using var recorder = new TelemetryRecorder("tele_success");
        var (server, sender) = await StartAsync("tele_success");
        await using var _ = server;
        using var __ = sender;

        var result = await sender.SendAsync(Message());

        var send = recorder.Activities.Should().ContainSingle(a => a.OperationName == ExchangeSendingDiagnostics.SendActivityName).Which;
        send.Kind.Should().Be(ActivityKind.Internal);
        send.Source.Name.Should().Be("Exchange.Sending");
        send.Status.Should().NotBe(ActivityStatusCode.Error);
        send.GetTagItem("server.address").Should().Be(sender.Endpoint!.Host);
        send.GetTagItem("server.port").Should().Be(server.Port);
        send.GetTagItem("exchange.message.format").Should().Be("Items");
        send.GetTagItem("exchange.message.id").Should().Be(result.InternetMessageId);
        send.GetTagItem("error.type").Should().BeNull();

        var request = recorder.Activities.Should().ContainSingle(a => a.OperationName == "EWS CreateItem").Which;
        request.Kind.Should().Be(ActivityKind.Client);
        request.ParentSpanId.Should().Be(send.SpanId);
        request.TraceId.Should().Be(send.TraceId);
        request.GetTagItem("ews.operation").Should().Be("CreateItem");
        request.GetTagItem("ews.response_code").Should().Be("NoError");
        request.GetTagItem("http.request.method").Should().Be("POST");
        request.GetTagItem("http.response.status_code").Should().Be(200);
        request.GetTagItem("server.address").Should().Be(sender.Endpoint.Host);
        request.GetTagItem("server.port").Should().Be(server.Port);
        request.GetTagItem("url.full").Should().Be($"http://{sender.Endpoint.Authority}/EWS/Exchange.asmx");
        request.Status.Should().NotBe(ActivityStatusCode.Error);

        var sent = recorder.Of(ExchangeSendingDiagnostics.MessagesSentMetric).Should().ContainSingle().Which;
        sent.Unit.Should().Be("{message}");
        sent.Value.Should().Be(1);
        sent.Tags["exchange.message.format"].Should().Be("Items");
        recorder.Of(ExchangeSendingDiagnostics.MessagesFailedMetric).Should().BeEmpty();

        var duration = recorder.Of(ExchangeSendingDiagnostics.RequestDurationMetric).Should().ContainSingle().Which;
        duration.Unit.Should().Be("s");
        duration.Value.Should().BeGreaterThan(0).And.BeLessThan(30);
        duration.Tags["ews.operation"].Should().Be("CreateItem");
        duration.Tags["http.response.status_code"].Should().Be(200);
        duration.Tags["ews.response_code"].Should().Be("NoError");

        var active = recorder.Of(ExchangeSendingDiagnostics.ActiveRequestsMetric);
        active.Select(m => m.Value).Should().Equal(1, -1);
        active.Should().OnlyContain(m => (string?)m.Tags["ews.operation"] == "CreateItem");
        AssertNothingPrivate(recorder);
    }

    [SkippableFact]
    public async Task A_service_error_marks_both_spans_with_its_response_code_and_counts_as_failed()
    {
        using var recorder = new TelemetryRecorder("tele_sendas");
        var (server, sender) = await StartAsync("tele_sendas");
        await using var _ = server;
        using var __ = sender;
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorSendAsDenied", "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account."));

        var send = () => sender.SendAsync(Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;

        var span = recorder.Activities.Should().ContainSingle(a => a.OperationName == ExchangeSendingDiagnostics.SendActivityName).Which;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.StatusDescription.Should().Be("ErrorSendAsDenied");
        span.GetTagItem("error.type").Should().Be("ErrorSendAsDenied");
        span.GetTagItem("ews.response_code").Should().Be("ErrorSendAsDenied");
        span.GetTagItem("exchange.outcome_unknown").Should().Be(false);
        span.GetTagItem("exchange.message.id").Should().Be(error.InternetMessageId);
        span.Events.Should().BeEmpty("an exception event would carry the error's message, which names the mailbox");

        var request = recorder.Activities.Should().ContainSingle(a => a.OperationName == "EWS CreateItem").Which;
        request.Status.Should().Be(ActivityStatusCode.Error);
        request.GetTagItem("error.type").Should().Be("ErrorSendAsDenied");
        request.GetTagItem("ews.response_code").Should().Be("ErrorSendAsDenied");
        request.GetTagItem("http.response.status_code").Should().Be(200);

        var failed = recorder.Of(ExchangeSendingDiagnostics.MessagesFailedMetric).Should().ContainSingle().Which;
        failed.Tags["error.type"].Should().Be("ErrorSendAsDenied");
        failed.Tags["ews.response_code"].Should().Be("ErrorSendAsDenied");
        failed.Tags["exchange.outcome_unknown"].Should().Be(false);
        recorder.Of(ExchangeSendingDiagnostics.MessagesSentMetric).Should().BeEmpty();
        recorder.Of(ExchangeSendingDiagnostics.RequestDurationMetric).Should().ContainSingle().Which.Tags["error.type"].Should().Be("ErrorSendAsDenied");
        AssertNothingPrivate(recorder);
    }

    [SkippableFact]
    public async Task A_transport_failure_marks_the_spans_with_the_failure_and_says_whether_the_outcome_is_unknown()
    {
        using var recorder = new TelemetryRecorder("tele_dropped");
        var (server, sender) = await StartAsync("tele_dropped");
        await using var _ = server;
        using var __ = sender;
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead());

        var send = () => sender.SendAsync(Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        error.Failure.Should().Be(ExchangeTransportFailure.ConnectionLost);

        var span = recorder.Activities.Should().ContainSingle(a => a.OperationName == ExchangeSendingDiagnostics.SendActivityName).Which;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem("error.type").Should().Be("ConnectionLost");
        span.GetTagItem("exchange.outcome_unknown").Should().Be(true);
        span.GetTagItem("exchange.message.id").Should().Be(error.InternetMessageId, "the Message-ID is what resolves an unknown outcome");

        var request = recorder.Activities.Should().ContainSingle(a => a.OperationName == "EWS CreateItem").Which;
        request.Status.Should().Be(ActivityStatusCode.Error);
        request.GetTagItem("error.type").Should().Be("ConnectionLost");
        request.GetTagItem("http.response.status_code").Should().BeNull();

        var failed = recorder.Of(ExchangeSendingDiagnostics.MessagesFailedMetric).Should().ContainSingle().Which;
        failed.Tags["error.type"].Should().Be("ConnectionLost");
        failed.Tags["exchange.outcome_unknown"].Should().Be(true);
        failed.Tags.Should().NotContainKey("ews.response_code");
        recorder.Of(ExchangeSendingDiagnostics.ActiveRequestsMetric).Sum(m => m.Value).Should().Be(0);
        AssertNothingPrivate(recorder);
    }

    [SkippableFact]
    public async Task A_throttled_request_that_is_retried_counts_the_retry_and_the_back_off()
    {
        using var recorder = new TelemetryRecorder("tele_busy");
        var (server, sender) = await StartAsync("tele_busy");
        await using var _ = server;
        using var __ = sender;
        server.EnqueueFault(FakeEwsFault.ServerBusy(50));

        await sender.SendAsync(Message());

        var span = recorder.Activities.Should().ContainSingle(a => a.OperationName == ExchangeSendingDiagnostics.SendActivityName).Which;
        span.GetTagItem("exchange.retry.count").Should().Be(1);
        span.Status.Should().NotBe(ActivityStatusCode.Error);
        var requests = recorder.Activities.Where(a => a.OperationName == "EWS CreateItem").ToList();
        requests.Should().HaveCount(2).And.OnlyContain(a => a.ParentSpanId == span.SpanId);
        requests.Select(r => r.GetTagItem("ews.response_code")).Should().BeEquivalentTo(["ErrorServerBusy", "NoError"]);

        var retry = recorder.Of(ExchangeSendingDiagnostics.RetriesMetric).Should().ContainSingle().Which;
        retry.Unit.Should().Be("{retry}");
        retry.Tags["error.type"].Should().Be("ErrorServerBusy");
        var backOff = recorder.Of(ExchangeSendingDiagnostics.ThrottlingBackOffMetric).Should().ContainSingle().Which;
        backOff.Unit.Should().Be("s");
        backOff.Value.Should().BeApproximately(0.05, 0.001);
        backOff.Tags["ews.response_code"].Should().Be("ErrorServerBusy");
        recorder.Of(ExchangeSendingDiagnostics.MessagesSentMetric).Should().ContainSingle();
        recorder.Of(ExchangeSendingDiagnostics.RequestDurationMetric).Should().HaveCount(2);
        AssertNothingPrivate(recorder);
    }

    [SkippableFact]
    public async Task A_MIME_send_is_traced_too()
    {
        using var recorder = new TelemetryRecorder("tele_mime");
        var (server, sender) = await StartAsync("tele_mime", o => o.MessageFormat = ExchangeMessageFormat.Mime);
        await using var _ = server;
        using var __ = sender;

        await sender.SendAsync(Message());

        var span = recorder.Activities.Should().ContainSingle(a => a.OperationName == ExchangeSendingDiagnostics.SendActivityName).Which;
        span.GetTagItem("exchange.message.format").Should().Be("Mime");
        recorder.Activities.Where(a => a.OperationName.StartsWith("EWS ", StringComparison.Ordinal)).Should().OnlyContain(a => a.ParentSpanId == span.SpanId);
        recorder.Of(ExchangeSendingDiagnostics.MessagesSentMetric).Should().ContainSingle().Which.Tags["exchange.message.format"].Should().Be("Mime");
        AssertNothingPrivate(recorder);
    }

    [SkippableFact]
    public async Task A_MimeKit_message_that_fails_is_traced_as_MIME_with_its_error()
    {
        using var recorder = new TelemetryRecorder("tele_mimekit");
        var (server, sender) = await StartAsync("tele_mimekit");
        await using var _ = server;
        using var __ = sender;
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorQuotaExceeded", "The mailbox is full."), operation: "CreateItem");
        var message = new MimeKit.MimeMessage { Subject = Subject, Body = new MimeKit.TextPart("plain") { Text = BodyText } };
        message.To.Add(new MimeKit.MailboxAddress("Alice Private", Recipient));

        var send = () => sender.SendAsync(message);
        await send.Should().ThrowAsync<ExchangeServiceException>();

        var span = recorder.Activities.Should().ContainSingle(a => a.OperationName == ExchangeSendingDiagnostics.SendActivityName).Which;
        span.GetTagItem("exchange.message.format").Should().Be("Mime");
        span.GetTagItem("error.type").Should().Be("ErrorQuotaExceeded");
        recorder.Activities.Where(a => a.OperationName.StartsWith("EWS ", StringComparison.Ordinal)).Should().OnlyContain(a => a.ParentSpanId == span.SpanId);
        recorder.Of(ExchangeSendingDiagnostics.MessagesFailedMetric).Should().ContainSingle().Which.Tags["error.type"].Should().Be("ErrorQuotaExceeded");
        AssertNothingPrivate(recorder);
    }

    /// <summary>No tag of any span or measurement holds the password, the Basic credential, a recipient, the subject or the body.</summary>
    private static void AssertNothingPrivate(TelemetryRecorder recorder)
    {
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(User + ":" + Secret));
        var values = recorder.Activities.SelectMany(a => a.TagObjects.Select(t => t.Key + "=" + t.Value).Append(a.DisplayName).Append(a.StatusDescription ?? ""))
            .Concat(recorder.Measurements.SelectMany(m => m.Tags.Select(t => t.Key + "=" + t.Value)))
            .ToList();
        values.Should().NotBeEmpty();
        foreach (var value in values)
        {
            value.Should().NotContain(Secret).And.NotContain(basic).And.NotContain(Recipient).And.NotContain("alice", "no recipient")
                .And.NotContain(Subject).And.NotContain("salaries").And.NotContain(BodyText).And.NotContainEquivalentOf("authorization")
                .And.NotContain(SenderAddress, "nor the sender's mailbox (a generated Message-ID holds only its domain)");
        }
    }

    [SkippableFact]
    public async Task A_batch_counts_every_message_sent_and_failed_as_single_sends_do()
    {
        const string connection = "telemetry_batch";
        using var recorder = new TelemetryRecorder(connection);
        var (server, sender) = await StartAsync(connection);
        await using var _ = server;
        using var __ = sender;
        server.RejectRecipient("bounce@example.org");
        var bounced = Message();
        bounced.To.Clear();
        bounced.To.Add(new ExchangeMailbox("bounce@example.org"));
        var invalid = Message();
        invalid.To.Add(new ExchangeMailbox("not an address"));

        var result = await sender.SendAsync([Message(), bounced, Message(), invalid]);

        result.SentCount.Should().Be(2);
        recorder.Of(ExchangeSendingDiagnostics.MessagesSentMetric).Sum(m => m.Value).Should().Be(2);
        recorder.Of(ExchangeSendingDiagnostics.MessagesFailedMetric).Sum(m => m.Value).Should().Be(2);
        recorder.Of(ExchangeSendingDiagnostics.MessagesFailedMetric).Select(m => m.Tags.GetValueOrDefault("ews.response_code"))
            .Should().Contain("ErrorInvalidRecipients");
    }
}
