using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.Integration;

/// <summary>
/// <c>SendAsync(IReadOnlyList&lt;ExchangeMailMessage&gt;)</c> over real HTTP to the bundled server (which validates every
/// request, several <c>t:Message</c> items included, against the EWS schema): chunks, a result per message in input order,
/// per-item refusals, lost answers marking a whole chunk unknown and never resent.
/// </summary>
public class BatchSendTests
{
    private static ExchangeMailMessage Message(int i, string to = "alice@example.com") =>
        new() { Subject = $"batch {i}", Body = ExchangeMessageBody.Text($"body {i}"), To = { new ExchangeMailbox(to) } };

    private static List<ExchangeMailMessage> Messages(int count) => Enumerable.Range(0, count).Select(i => Message(i)).ToList();

    private static int CreateItemRequests(FakeEwsServer server) => server.Requests.Count(r => r.Operation == "CreateItem");

    [SkippableFact]
    public async Task Twenty_five_messages_go_in_three_requests_of_ten_ten_and_five_and_each_arrives_once()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);

        var result = await sender.SendAsync(Messages(25));

        result.AllSent.Should().BeTrue(result.ToString());
        result.RequestCount.Should().Be(3);
        CreateItemRequests(server).Should().Be(3);
        result.Items.Select(i => i.Index).Should().Equal(Enumerable.Range(0, 25));
        server.SentMessages.Select(m => m.Subject).Should().BeEquivalentTo(Enumerable.Range(0, 25).Select(i => $"batch {i}"));
        var ids = server.SentMessages.ToDictionary(m => m.Subject!, m => m.InternetMessageId);
        result.Items.Should().AllSatisfy(i => i.InternetMessageId.Should().Be(ids[$"batch {i.Index}"]));
        result.Items.Should().AllSatisfy(i => i.Result!.MessageDisposition.Should().Be(ExchangeMessageDisposition.SendAndSaveCopy));
        server.GetFolderItems("sentitems").Should().HaveCount(25);
    }

    [SkippableFact]
    public async Task The_chunk_size_is_configurable_and_one_sends_a_request_per_message()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxMessagesPerBatchRequest = 1);

        var result = await sender.SendAsync(Messages(4));

        result.SentCount.Should().Be(4);
        CreateItemRequests(server).Should().Be(4);
    }

    [SkippableFact]
    public async Task A_refused_item_fails_alone_with_its_code_and_the_others_are_sent_without_any_resend()
    {
        await using var server = await ServerFixture.StartAsync();
        server.RejectRecipient("bounce@example.com");
        using var sender = ServerFixture.Sender(server);
        var messages = Messages(5);
        messages[3] = Message(3, "bounce@example.com");

        var result = await sender.SendAsync(messages);

        result.Items[3].Status.Should().Be(ExchangeBatchItemStatus.Failed);
        result.Items[3].ResponseCode.Should().Be(ExchangeResponseCode.ErrorInvalidRecipients);
        result.Items[3].Error.Should().BeOfType<ExchangeServiceException>().Which.InternetMessageId.Should().Be(result.Items[3].InternetMessageId);
        result.Items.Where(i => i.Index != 3).Should().AllSatisfy(i => i.Status.Should().Be(ExchangeBatchItemStatus.Sent));
        server.SentMessages.Should().HaveCount(4);
        CreateItemRequests(server).Should().Be(1, "an item's own refusal never resends the request: the others went out");
    }

    [SkippableFact]
    public async Task Invalid_and_null_messages_fail_before_any_IO_and_do_not_stop_the_others()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var messages = new List<ExchangeMailMessage> { Message(0), Message(1, "not an address"), null!, Message(3) };

        var result = await sender.SendAsync(messages);

        result.Items.Select(i => i.Status).Should().Equal(ExchangeBatchItemStatus.Sent, ExchangeBatchItemStatus.Failed, ExchangeBatchItemStatus.Failed, ExchangeBatchItemStatus.Sent);
        result.Items[1].Error.Should().BeOfType<ExchangeMessageValidationException>().Which.Message.Should().Contain("not an address");
        result.Items[2].Error.Should().BeOfType<ExchangeMessageValidationException>().Which.Message.Should().Contain("index 2 is null");
        server.SentMessages.Select(m => m.Subject).Should().BeEquivalentTo("batch 0", "batch 3");
    }

    [SkippableFact]
    public async Task A_lost_answer_marks_every_message_of_its_chunk_unknown_with_its_Message_ID_and_nothing_is_resent()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { o.MaxMessagesPerBatchRequest = 3; o.MaxConcurrentRequests = 1; o.ResolveUnknownOutcomes = true; });

        var result = await sender.SendAsync(Messages(6));

        var unknown = result.Items.Where(i => i.Status == ExchangeBatchItemStatus.OutcomeUnknown).ToList();
        unknown.Should().HaveCount(3, "the first request's answer was lost: its three messages may have gone out");
        unknown.Should().AllSatisfy(i =>
        {
            i.Error.Should().BeAssignableTo<ExchangeException>().Which.OutcomeUnknown.Should().BeTrue();
            ((ExchangeException)i.Error!).InternetMessageId.Should().Be(i.InternetMessageId);
            i.Error!.Message.Should().Contain("one of 3 messages in one CreateItem request");
        });
        result.SentCount.Should().Be(3);
        CreateItemRequests(server).Should().Be(2, "a chunk whose outcome is unknown is never sent again, with or without ResolveUnknownOutcomes");
        server.SentMessages.Should().HaveCount(6, "the server did process the first request");
        server.Requests.Should().NotContain(r => r.Operation == "FindItem");
    }

    [SkippableTheory]
    [InlineData("ErrorInternalServerError", ExchangeBatchItemStatus.OutcomeUnknown)]
    [InlineData("ErrorSchemaValidation", ExchangeBatchItemStatus.Failed)]
    public async Task A_SOAP_fault_for_a_shared_request_is_unknown_unless_its_code_refuses_the_request_before_any_item(string code, ExchangeBatchItemStatus expected)
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.SoapFault(code), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);

        var result = await sender.SendAsync(Messages(3));

        result.Items.Should().AllSatisfy(i => i.Status.Should().Be(expected));
        CreateItemRequests(server).Should().Be(1);
    }

    [SkippableFact]
    public async Task A_request_the_server_did_not_take_is_retried_whole_and_each_message_arrives_once()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(10), "CreateItem");
        using var sender = ServerFixture.Sender(server);

        var result = await sender.SendAsync(Messages(4));

        result.SentCount.Should().Be(4);
        CreateItemRequests(server).Should().Be(2);
        server.SentMessages.Should().HaveCount(4);
    }

    [SkippableFact]
    public async Task Attachments_travel_inside_the_batch_and_a_single_use_stream_goes_alone()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var messages = Messages(3);
        var bytes = Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray();
        messages[0].Attachments.Add(ExchangeAttachment.FromBytes("a.bin", bytes, "application/octet-stream"));
        messages[1].Attachments.Add(ExchangeAttachment.FromBytes("b.txt", "bee"u8.ToArray(), "text/plain"));
        messages[2].Attachments.Add(ExchangeAttachment.FromStream("piped.bin", new ForwardOnlyStream(bytes)));

        var result = await sender.SendAsync(messages);

        result.AllSent.Should().BeTrue(result.ToString());
        CreateItemRequests(server).Should().Be(2, "two messages share a request; the stream is spooled by a send of its own");
        server.SentMessages.Single(m => m.Subject == "batch 0").Attachments.Single().Content.Should().Equal(bytes);
        server.SentMessages.Single(m => m.Subject == "batch 1").Attachments.Single().Content.Should().Equal("bee"u8.ToArray());
        server.SentMessages.Single(m => m.Subject == "batch 2").Attachments.Single().Content.Should().Equal(bytes);
        server.Requests.Where(r => r.Operation == "CreateItem").Should().AllSatisfy(r => r.ContentLength.Should().Be(r.BodyBytes));
    }

    [SkippableFact]
    public async Task Messages_with_different_copy_folders_go_in_different_requests_even_when_interleaved()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var messages = Messages(6);
        foreach (var i in new[] { 1, 3, 5 })
        {
            messages[i].SaveCopyTo = ExchangeSavedCopyFolder.Folder("inbox");
        }

        var result = await sender.SendAsync(messages);

        result.AllSent.Should().BeTrue();
        result.Items.Select(i => i.Index).Should().Equal(0, 1, 2, 3, 4, 5);
        CreateItemRequests(server).Should().Be(2, "messages are grouped by copy folder before they are chunked");
        server.GetFolderItems("inbox").Select(m => m.Subject).Should().BeEquivalentTo("batch 1", "batch 3", "batch 5");
        server.GetFolderItems("sentitems").Select(m => m.Subject).Should().BeEquivalentTo("batch 0", "batch 2", "batch 4");
    }

    [SkippableFact]
    public async Task The_MIME_format_sends_each_message_alone_and_reports_it_in_order()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);

        var result = await sender.SendAsync(Messages(3));

        result.AllSent.Should().BeTrue();
        result.Items.Should().AllSatisfy(i => i.Result!.MessageFormat.Should().Be(ExchangeMessageFormat.Mime));
        CreateItemRequests(server).Should().Be(3);
        server.SentMessages.Should().OnlyContain(m => m.HasMimeContent);
    }

    [SkippableFact]
    public async Task A_cancelled_batch_does_not_throw_and_reports_every_message_not_sent()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await sender.SendAsync(Messages(3), cancelled.Token);

        result.FailedCount.Should().Be(3);
        result.Items.Should().AllSatisfy(i => i.Error.Should().BeOfType<ExchangeSendCanceledException>().Which.OutcomeUnknown.Should().BeFalse());
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_disabled_connection_throws_before_any_IO()
    {
        using var sender = new ExchangeMailSender(TestOptions.Valid(o => o.Disabled = true));

        var act = () => sender.SendAsync(Messages(2));

        await act.Should().ThrowAsync<ExchangeConnectionDisabledException>();
    }

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(101)]
    public void MaxMessagesPerBatchRequest_out_of_range_is_refused(int value)
    {
        var act = () => new ExchangeMailSender(TestOptions.Valid(o => o.MaxMessagesPerBatchRequest = value));

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("MaxMessagesPerBatchRequest " + value);
    }

    [SkippableFact]
    public async Task Another_implementation_gets_the_default_one_by_one_batch()
    {
        var stub = new CountingSender();
        IExchangeMailSender sender = stub;

        var result = await sender.SendAsync([Message(0), null!, Message(2)]);

        stub.Sends.Should().Be(2);
        result.Items.Select(i => i.Status).Should().Equal(ExchangeBatchItemStatus.Sent, ExchangeBatchItemStatus.Failed, ExchangeBatchItemStatus.Sent);
        result.RequestCount.Should().Be(2);
    }

    private sealed class CountingSender : IExchangeMailSender
    {
        public int Sends { get; private set; }

        public string ConnectionName => "stub";

        public Task<ExchangeSendResult> SendAsync(ExchangeMailMessage message, CancellationToken cancellationToken = default)
        {
            Sends++;
            return Task.FromResult(ExchangeModelFactory.SendResult($"<{Sends}@example.com>"));
        }

        public Task<ExchangeSendResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ExchangeMessageLookup> FindSentMessageAsync(string internetMessageId, ExchangeMessageLookupOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<ExchangeConnectionCheck> TestConnectionAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
