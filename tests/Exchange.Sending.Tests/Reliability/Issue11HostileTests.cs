using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>
/// Hostile probes of issue 11's features (batches, saved copy folders and send on behalf, bearer tokens, the check's
/// ResolveNames and version handling, per-message impersonation) over real HTTP on the bundled server. The rules: no
/// message is sent twice, none is reported Sent or Failed while its outcome is unknown, results are in input order and
/// name their Message-ID, secrets never reach messages or logs, requests stay schema-valid.
/// </summary>
public class Issue11HostileTests
{
    private static readonly FakeEwsUser Account = new(ServerFixture.AccountAddress, "Sender Account");

    private static ExchangeMailMessage Message(int i, string to = "alice@example.com") =>
        new() { Subject = $"batch {i}", Body = ExchangeMessageBody.Text($"body {i}"), To = { new ExchangeMailbox(to) } };

    private static List<ExchangeMailMessage> Messages(int count) => Enumerable.Range(0, count).Select(i => Message(i)).ToList();

    private static int CreateItems(FakeEwsServer server) => server.Requests.Count(r => r.Operation == "CreateItem");

    private const string InternalFault = "<s:Fault><faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorInternalServerError</faultcode>"
        + "<faultstring>oops</faultstring><detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorInternalServerError</e:ResponseCode></detail></s:Fault>";

    private static string Ok => Ews.Message("CreateItem", "Success", "NoError", "<m:Items/>");

    // ---------------------------------------------------------------- batches: answers that must not be believed

    public static TheoryData<string> ProcessedButUnbelievable => new()
    {
        "fewer", "more", "other-element", "success-plus-fault", "truncated", "busy-class-success",
    };

    [SkippableTheory]
    [MemberData(nameof(ProcessedButUnbelievable))]
    public async Task Batch_an_unbelievable_answer_to_a_processed_request_leaves_every_message_unknown_and_nothing_is_resent(string variant)
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);

        var fault = variant switch
        {
            "fewer" => FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem", Ok, Ok)),
            "more" => FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem", Ok, Ok, Ok, Ok)),
            "other-element" => FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem",
                Ews.Message("SendItem", "Success", "NoError"), Ews.Message("SendItem", "Success", "NoError"), Ews.Message("SendItem", "Success", "NoError"))),
            "success-plus-fault" => FakeEwsFault.ProcessThenRespond(Ews.Envelope(Ews.ResponseBody("CreateItem", Ok, Ok, Ok) + InternalFault)),
            "truncated" => FakeEwsFault.ProcessThenTruncateResponse(300),
            "busy-class-success" => FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem", Ok, Ews.Message("CreateItem", "Success", "ErrorServerBusy"), Ok)),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        server.EnqueueFault(fault, "CreateItem");
        var result = await sender.SendAsync(Messages(3));

        CreateItems(server).Should().Be(1, "a request the server processed is never sent again ({0})", result);
        server.SentMessages.Should().HaveCount(3);
        var ids = server.SentMessages.ToDictionary(m => m.Subject!, m => m.InternetMessageId);
        result.Items.Select(i => i.Index).Should().Equal(0, 1, 2);
        result.Items.Should().AllSatisfy(i =>
        {
            i.Status.Should().Be(ExchangeBatchItemStatus.OutcomeUnknown, "the server took the request and its answer proves nothing ({0}: {1})", variant, i.Error?.Message);
            i.InternetMessageId.Should().Be(ids[$"batch {i.Index}"]);
            ((ExchangeException)i.Error!).InternetMessageId.Should().Be(i.InternetMessageId);
        });
    }

    // FINDING, left open: an HTML 500 after the whole request, from an endpoint that answered EWS earlier on this connection,
    // is reported NotEws (Failed, "check ServerUrl") although the server may have sent the messages. FaultMatrixTests' row
    // An error page from an endpoint that has answered EWS on this connection is the server failing, perhaps after sending.
    [SkippableFact]
    public async Task Batch_an_HTML_500_after_the_body_from_a_known_EWS_endpoint_leaves_the_messages_unknown()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);
        await sender.SendAsync(Message(99));
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond("<html><body><h1>500 - Internal server error.</h1></body></html>", "text/html", 500), "CreateItem");

        var result = await sender.SendAsync(Messages(3));

        server.SentMessages.Should().HaveCount(4);
        CreateItems(server).Should().Be(2);
        result.Items.Should().AllSatisfy(i => i.Status.Should().Be(ExchangeBatchItemStatus.OutcomeUnknown, i.Error?.Message));
    }

    [SkippableFact]
    public async Task Batch_ErrorServerBusy_in_one_items_response_message_fails_that_item_only_and_nothing_is_resent()
    {
        await using var server = await ServerFixture.StartAsync();
        // Not processed: the answer alone says item 2 was throttled and items 1 and 3 went out.
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, Ews.Response("CreateItem", Ok, Ews.Message("CreateItem", "Error", "ErrorServerBusy"), Ok), "text/xml; charset=utf-8"), "CreateItem");
        using var sender = ServerFixture.Sender(server);

        var result = await sender.SendAsync(Messages(3));

        result.Items.Select(i => i.Status).Should().Equal(ExchangeBatchItemStatus.Sent, ExchangeBatchItemStatus.Failed, ExchangeBatchItemStatus.Sent);
        result.Items[1].ResponseCode.Should().Be(ExchangeResponseCode.ErrorServerBusy);
        server.Requests.Should().HaveCount(1, "an item's own code never resends the request: the others went out");
    }

    [SkippableFact]
    public async Task Batch_a_401_on_the_second_of_three_chunks_fails_that_chunk_as_not_sent_and_the_others_are_sent_once()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => { o.MaxConcurrentRequests = 1; o.MaxMessagesPerBatchRequest = 2; });
        await sender.SendAsync(Message(99));
        server.EnqueueFault(FakeEwsFault.HttpStatus(401), "CreateItem");

        var result = await sender.SendAsync(Messages(6));

        // Chunks queue on the one slot in an order of their own; whichever met the 401 fails whole, the others are sent.
        var failed = result.Items.Where(i => i.Status == ExchangeBatchItemStatus.Failed).ToList();
        failed.Should().HaveCount(2);
        (failed[0].Index / 2).Should().Be(failed[1].Index / 2, "both are one chunk");
        failed.Should().AllSatisfy(i => i.Error.Should().BeOfType<ExchangeAuthenticationException>());
        result.Items.Count(i => i.Status == ExchangeBatchItemStatus.Sent).Should().Be(4);
        server.SentMessages.Should().HaveCount(5);
        server.Requests.Should().HaveCount(4, "one single send, three chunks: the refused chunk is not sent again");
    }

    [SkippableFact]
    public async Task Batch_cancelled_while_the_first_chunk_is_in_flight_leaves_it_unknown_and_the_queued_chunks_not_sent()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(5)), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { o.MaxConcurrentRequests = 1; o.MaxMessagesPerBatchRequest = 2; });
        using var cts = new CancellationTokenSource();

        var sending = sender.SendAsync(Messages(6), cts.Token);
        await WaitUntilAsync(() => server.SentMessages.Count == 2);
        await cts.CancelAsync();
        var result = await sending;

        result.Items.Select(i => i.Status).Should().Equal(
            ExchangeBatchItemStatus.OutcomeUnknown, ExchangeBatchItemStatus.OutcomeUnknown, ExchangeBatchItemStatus.Failed, ExchangeBatchItemStatus.Failed,
            ExchangeBatchItemStatus.Failed, ExchangeBatchItemStatus.Failed);
        result.Items.Take(2).Should().AllSatisfy(i => i.Error.Should().BeOfType<ExchangeSendCanceledException>().Which.OutcomeUnknown.Should().BeTrue());
        result.Items.Skip(2).Should().AllSatisfy(i => i.Error.Should().BeOfType<ExchangeSendCanceledException>().Which.RequestSent.Should().BeFalse());
        server.SentMessages.Should().HaveCount(2);
    }

    [SkippableFact]
    public async Task Batch_disposing_the_sender_mid_batch_still_returns_a_result_for_every_message()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(5)), "CreateItem");
        var sender = ServerFixture.Sender(server, o => { o.MaxConcurrentRequests = 1; o.MaxMessagesPerBatchRequest = 2; });

        var sending = sender.SendAsync(Messages(6));
        await WaitUntilAsync(() => server.SentMessages.Count == 2);
        sender.Dispose();
        var act = async () => await sending;

        // The first chunk went out: a batch that throws here loses that, and a caller who resends everything sends it twice.
        var result = (await act.Should().NotThrowAsync()).Subject;
        result.Items.Take(2).Should().AllSatisfy(i => i.Status.Should().Be(ExchangeBatchItemStatus.OutcomeUnknown));
        result.Items.Skip(2).Should().AllSatisfy(i => i.Status.Should().Be(ExchangeBatchItemStatus.Failed));
        server.SentMessages.Should().HaveCount(2);
    }

    [SkippableFact]
    public async Task Batch_many_chunks_through_one_concurrent_request_are_each_sent_once_in_input_order()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);

        var result = await sender.SendAsync(Messages(200));

        result.AllSent.Should().BeTrue();
        result.RequestCount.Should().Be(20);
        result.Items.Select(i => i.Index).Should().Equal(Enumerable.Range(0, 200));
        server.SentMessages.Select(m => m.Subject).Should().OnlyHaveUniqueItems().And.HaveCount(200);
        var ids = server.SentMessages.ToDictionary(m => m.Subject!, m => m.InternetMessageId);
        result.Items.Should().AllSatisfy(i => i.InternetMessageId.Should().Be(ids[$"batch {i.Index}"]));
    }

    [SkippableFact]
    public async Task Batch_the_same_message_object_three_times_gives_three_messages_with_their_own_ids_and_leaves_the_object_unchanged()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var message = Message(0);

        var result = await sender.SendAsync([message, message, message]);

        result.AllSent.Should().BeTrue();
        result.Items.Select(i => i.InternetMessageId).Should().OnlyHaveUniqueItems();
        server.SentMessages.Select(m => m.InternetMessageId).Should().BeEquivalentTo(result.Items.Select(i => i.InternetMessageId));
        message.InternetMessageId.Should().BeNull("the caller's object is not changed");
    }

    [SkippableFact]
    public async Task Batch_a_list_that_changes_while_it_is_sent_sends_the_messages_that_were_validated()
    {
        await using var server = await ServerFixture.StartAsync();
        // MIME: each message goes alone through the single send.
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);
        var list = new ChangingList(Messages(2), Message(666, "not an address"));

        var result = await sender.SendAsync(list);

        result.AllSent.Should().BeTrue(result.ToString());
        server.SentMessages.Select(m => m.Subject).Should().BeEquivalentTo("batch 0", "batch 1");
    }

    [SkippableFact]
    public async Task Batch_ten_thousand_messages_are_each_sent_once_in_reasonable_time()
    {
        await using var server = await ServerFixture.StartAsync(o => o.DisableSchemaValidation = false);
        using var sender = ServerFixture.Sender(server, o => { o.MaxMessagesPerBatchRequest = 100; o.MaxConcurrentRequests = 4; o.LogMode = ExchangeLogMode.Off; });
        var messages = Messages(10_000);
        var watch = Stopwatch.StartNew();

        var result = await sender.SendAsync(messages);

        watch.Stop();
        result.SentCount.Should().Be(10_000);
        result.RequestCount.Should().Be(100);
        server.SentMessages.Should().HaveCount(10_000);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(90), "10,000 small messages in 100 requests over loopback");
    }

    // ---------------------------------------------------------------- saved copy folders, send on behalf

    public static TheoryData<string> AcceptedFolderNames => new()
    {
        "inbox", "sentitems", "drafts", "deleteditems", "outbox", "junkemail", "msgfolderroot", "archiveinbox", "archivemsgfolderroot",
        "archivedeleteditems", "archive", "notes", "journal", "tasks", "conversationhistory", "scheduled", "SentItems", "INBOX",
    };

    [SkippableTheory]
    [MemberData(nameof(AcceptedFolderNames))]
    public async Task Folder_every_accepted_distinguished_name_is_written_as_a_schema_value(string name)
    {
        ExchangeSavedCopyFolder folder;
        try
        {
            folder = ExchangeSavedCopyFolder.Folder(name);
        }
        catch (ArgumentException)
        {
            return;   // refused up front: fine
        }

        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);
        var act = () => sender.SendAsync(Message(0, "alice@example.com").With(m => m.SaveCopyTo = folder));

        // The server may not have the folder; what matters is that the request is valid EWS.
        var error = (await Record(act)) as ExchangeServiceException;
        error?.ResponseCode.Should().NotBe(ExchangeResponseCode.ErrorSchemaValidation, "'{0}' was accepted by Folder() but is written as {1}: {2}", name, folder, error.Message);
    }

    [SkippableTheory]
    [InlineData("AAMkAGI2<&>\"'AAAAAAAAAAAAAAA")]
    [InlineData("  AAMkAGI2AAAAAAAAAAAAAAAAAAAAAAAA  ")]
    [InlineData("AAMkAGI2AAAAAAAAAAAAAAAAAAAA\r\nAAAA")]
    [InlineData("sent items")]
    [InlineData("")]
    public void Folder_values_with_xml_specials_white_space_or_line_breaks_are_refused_up_front(string value)
    {
        var act = () => ExchangeSavedCopyFolder.Folder(value);

        act.Should().Throw<ArgumentException>().Which.Message.Should().NotContainAny("\r", "\n");
    }

    [SkippableFact]
    public async Task Folder_a_very_long_FolderId_is_sent_as_valid_EWS_and_the_error_names_it_abbreviated()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);
        var id = new string('A', 20_000);

        var error = await Record(() => sender.SendAsync(Message(0).With(m => m.SaveCopyTo = ExchangeSavedCopyFolder.Folder(id))));

        if (error is not null)
        {
            error.Should().BeAssignableTo<ExchangeException>();
            (error as ExchangeServiceException)?.ResponseCode.Should().NotBe(ExchangeResponseCode.ErrorSchemaValidation);
            error.Message.Length.Should().BeLessThan(5_000, "the id is abbreviated in messages");
        }
    }

    [SkippableTheory]
    [InlineData("Evil\r\nBcc: victim@example.com", "svc@example.com")]
    [InlineData("Quote \"O'Brien\" <x>", "svc@example.com")]
    [InlineData("Büro Müller", "büro@bücher.example")]
    public async Task Sender_names_and_addresses_with_line_breaks_quotes_or_IDN_are_refused_or_sent_as_valid_EWS(string name, string address)
    {
        await using var server = await ServerFixture.StartAsync(o => o.Users.Add(new FakeEwsUser(address, name)));
        server.GrantSendOnBehalf(ServerFixture.AccountAddress, address);
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);

        var error = await Record(() => sender.SendAsync(Message(0).With(m => { m.From = new ExchangeMailbox(address, name); m.Sender = new ExchangeMailbox(ServerFixture.AccountAddress, name); })));

        if (error is ExchangeMessageValidationException)
        {
            server.Requests.Should().BeEmpty();
            return;
        }

        (error as ExchangeServiceException)?.ResponseCode.Should().NotBe(ExchangeResponseCode.ErrorSchemaValidation, error?.Message);
        server.Requests.Where(r => r.Operation == "CreateItem").Should().AllSatisfy(r => r.Error.Should().BeNull());
    }

    [SkippableTheory]
    [InlineData("svc@example.com", "Evil\r\nBcc: victim@example.com")]
    [InlineData("svc@example.com\r\nX-Evil: 1", null)]
    [InlineData("svc@example.com", "Null\u0000char")]
    public void SentBy_settings_with_line_breaks_or_control_characters_are_refused_at_construction(string address, string? name)
    {
        var act = () => new ExchangeMailSender(TestOptions.Valid(o => { o.SentByAddress = address; o.SentByName = name; }));

        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().Which.Message.Should().NotContain("X-Evil: 1\r");
    }

    [SkippableFact]
    public async Task Batch_the_same_explicit_Message_ID_twice_is_sent_twice_as_asked_and_both_results_name_it()
    {
        // Documents today's behaviour: the library does not deduplicate; a caller who repeats an id gets two messages with it,
        // and FindSentMessageAsync cannot tell them apart.
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var message = Message(0).With(m => m.InternetMessageId = "<same@example.com>");

        var result = await sender.SendAsync([message, message]);

        result.Items.Should().AllSatisfy(i => i.InternetMessageId.Should().Be("<same@example.com>"));
        server.SentMessages.Should().HaveCount(2);
    }

    [SkippableFact]
    public async Task Bearer_an_expired_token_on_a_batch_is_refreshed_once_and_each_message_arrives_once()
    {
        var (server, tokens) = await BearerServerAsync("tok-b1");
        await using var _s = server;
        var issued = new ConcurrentQueue<string>();
        using var sender = BearerSender(server, (r, _) =>
        {
            var token = r.ForceRefresh ? "tok-b2" : "tok-b1";
            issued.Enqueue(token);
            return ValueTask.FromResult(new ExchangeAccessToken(token, DateTimeOffset.UtcNow.AddHours(1)));
        }, o => o.MaxConcurrentRequests = 1);
        await sender.SendAsync(Message(99));
        tokens.Expire("tok-b1");
        tokens.AddToken("tok-b2", Account);

        var result = await sender.SendAsync(Messages(15));

        result.AllSent.Should().BeTrue(result.ToString());
        issued.Should().Equal("tok-b1", "tok-b2");
        server.SentMessages.Select(m => m.Subject).Should().OnlyHaveUniqueItems().And.HaveCount(16);
    }

    // ---------------------------------------------------------------- bearer tokens

    private static async Task<(FakeEwsServer Server, FakeEwsBearerAuthenticator Tokens)> BearerServerAsync(params string[] valid)
    {
        var tokens = new FakeEwsBearerAuthenticator();
        foreach (var t in valid)
        {
            tokens.AddToken(t, Account);
        }

        return (await ServerFixture.StartAsync(o => o.CustomAuthenticator = tokens), tokens);
    }

    private static ExchangeMailSender BearerSender(FakeEwsServer server, ExchangeAccessTokenProvider provider, Action<ExchangeConnectionOptions>? change = null, ILoggerFactory? loggers = null) =>
        ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Bearer;
            o.AccessTokenProvider = provider;
            change?.Invoke(o);
        }, loggers);

    [SkippableFact]
    public async Task Bearer_a_provider_returning_null_fails_as_token_unavailable_and_sends_nothing()
    {
        var (server, _) = await BearerServerAsync();
        await using var _s = server;
        using var sender = BearerSender(server, (_, _) => ValueTask.FromResult<ExchangeAccessToken>(null!));

        var error = await Record(() => sender.SendAsync(Message(0)));

        error.Should().BeOfType<ExchangeAuthenticationException>().Which.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.TokenUnavailable);
        server.Requests.Should().BeEmpty();
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("tok\r\nX-Evil: 1")]
    [InlineData("Bearer tok")]
    public void Bearer_a_token_that_cannot_be_one_header_value_is_refused_when_created_without_quoting_it(string token)
    {
        var act = () => new ExchangeAccessToken(token, DateTimeOffset.UtcNow.AddHours(1));

        act.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("X-Evil");
    }

    [SkippableFact]
    public async Task Bearer_a_non_ASCII_token_fails_clearly_as_a_token_problem_without_quoting_it_or_retrying()
    {
        var (server, _) = await BearerServerAsync();
        await using var _s = server;
        var calls = 0;
        using var sender = BearerSender(server, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(new ExchangeAccessToken("tökén-sëcret", DateTimeOffset.UtcNow.AddHours(1)));
        });

        var error = await Record(() => sender.SendAsync(Message(0)));

        error.Should().BeOfType<ExchangeAuthenticationException>("a token that cannot travel in a header is the token source's problem; actual: {0}", error);
        error!.ToString().Should().NotContain("sëcret");
        server.SentMessages.Should().BeEmpty();
        calls.Should().Be(1);
    }

    [SkippableFact]
    public async Task Bearer_a_provider_that_hangs_and_ignores_cancellation_is_bounded_by_RequestTimeout()
    {
        var (server, _) = await BearerServerAsync();
        await using var _s = server;
        var never = new TaskCompletionSource<ExchangeAccessToken>();
        using var sender = BearerSender(server, (_, _) => new ValueTask<ExchangeAccessToken>(never.Task), o => { o.RequestTimeout = TimeSpan.FromSeconds(1); o.MaxRetryAttempts = 0; });

        var sending = Record(() => sender.SendAsync(Message(0)));
        var finished = await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(15)));

        finished.Should().BeSameAs(sending, "RequestTimeout bounds the whole request, the token fetch included");
        var error = await sending;
        error.Should().BeOfType<ExchangeTransportException>().Which.Failure.Should().Be(ExchangeTransportFailure.Timeout);
        ((ExchangeTransportException)error!).OutcomeUnknown.Should().BeFalse();
        server.Requests.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Bearer_a_provider_throwing_its_own_OperationCanceledException_is_a_token_failure_not_a_cancellation()
    {
        var (server, _) = await BearerServerAsync();
        await using var _s = server;
        using var sender = BearerSender(server, (_, _) => throw new OperationCanceledException("MSAL gave up"));

        var error = await Record(() => sender.SendAsync(Message(0)));

        error.Should().BeOfType<ExchangeAuthenticationException>().Which.FailureReason.Should().Be(ExchangeAuthenticationFailureReason.TokenUnavailable);
    }

    [SkippableFact]
    public async Task Bearer_fifty_concurrent_sends_fetch_one_token()
    {
        var (server, _) = await BearerServerAsync("tok-50");
        await using var _s = server;
        var calls = 0;
        using var sender = BearerSender(server, async (_, ct) =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(200, ct);
            return new ExchangeAccessToken("tok-50", DateTimeOffset.UtcNow.AddHours(1));
        }, o => o.MaxConcurrentRequests = 27);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => sender.SendAsync(Message(i))));

        calls.Should().Be(1);
        server.SentMessages.Should().HaveCount(50);
    }

    [SkippableFact]
    public async Task Bearer_a_short_lived_token_inside_its_refresh_margin_is_not_fetched_again_by_each_waiting_request()
    {
        var (server, _) = await BearerServerAsync("tok-short");
        await using var _s = server;
        var calls = 0;
        using var sender = BearerSender(server, async (_, ct) =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(100, ct);
            // A 4-minute token (shorter than the 5-minute refresh margin) is valid, just always "due" for refresh.
            return new ExchangeAccessToken("tok-short", DateTimeOffset.UtcNow.AddMinutes(4));
        }, o => o.MaxConcurrentRequests = 20);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => sender.SendAsync(Message(i))));

        server.SentMessages.Should().HaveCount(20);
        calls.Should().BeLessThan(5, "requests that waited for one fetch use its token instead of fetching one each, one after another");
    }

    [SkippableFact]
    public async Task Bearer_a_server_refusing_every_token_as_invalid_gets_exactly_one_refresh_and_no_retry()
    {
        var (server, tokens) = await BearerServerAsync();
        await using var _s = server;
        var requests = new ConcurrentQueue<ExchangeAccessTokenRequest>();
        var n = 0;
        using var sender = BearerSender(server, (r, _) =>
        {
            requests.Enqueue(r);
            return ValueTask.FromResult(new ExchangeAccessToken("tok-refused-" + Interlocked.Increment(ref n), DateTimeOffset.UtcNow.AddHours(1)));
        });

        var error = await Record(() => sender.SendAsync(Message(0)));

        error.Should().BeOfType<ExchangeAuthenticationException>();
        requests.Select(r => r.ForceRefresh).Should().Equal(false, true);
        tokens.ReceivedTokens.Should().Equal("tok-refused-1", "tok-refused-2");
        error!.Message.Should().NotContain("tok-refused");
    }

    [SkippableFact]
    public async Task Bearer_twenty_concurrent_sends_refused_for_an_expired_token_refresh_it_once_and_each_message_arrives_once()
    {
        var (server, tokens) = await BearerServerAsync("tok-r1");
        await using var _s = server;
        var issued = new ConcurrentQueue<bool>();
        var n = 1;
        using var sender = BearerSender(server, async (r, ct) =>
        {
            issued.Enqueue(r.ForceRefresh);
            await Task.Delay(50, ct);
            return new ExchangeAccessToken(r.ForceRefresh ? "tok-r" + Interlocked.Increment(ref n) : "tok-r1", DateTimeOffset.UtcNow.AddHours(1));
        }, o => o.MaxConcurrentRequests = 20);
        await sender.SendAsync(Message(99));
        tokens.Expire("tok-r1");
        tokens.AddToken("tok-r2", Account);
        tokens.AddToken("tok-r3", Account);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => sender.SendAsync(Message(i))));

        server.SentMessages.Should().HaveCount(21);
        issued.Count(f => f).Should().Be(1, "one forced refresh serves every request the server refused for the same expired token");
    }

    [SkippableTheory]
    [InlineData(ExchangeLogMode.Full)]
    [InlineData(ExchangeLogMode.ErrorsOnly)]
    [InlineData(ExchangeLogMode.Off)]
    public async Task Bearer_a_401_echoing_the_token_never_puts_it_in_messages_ToString_or_logs(ExchangeLogMode mode)
    {
        const string Secret = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.signature";
        var echo = new EchoingAuthenticator();
        await using var server = await ServerFixture.StartAsync(o => o.CustomAuthenticator = echo);
        var logs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        using var sender = BearerSender(server, (_, _) => ValueTask.FromResult(new ExchangeAccessToken(Secret, DateTimeOffset.UtcNow.AddHours(1))),
            o => o.LogMode = mode, factory);

        var error = await Record(() => sender.SendAsync(Message(0)));
        var batch = await sender.SendAsync(Messages(2));
        var check = await sender.TestConnectionAsync();

        error.Should().BeOfType<ExchangeAuthenticationException>();
        var texts = new[] { error!.ToString(), error.Message, batch.ToString(), check.ToString(), sender.ToString()! }
            .Concat(batch.Items.Select(i => i.Error?.ToString() ?? ""))
            .Concat(check.Steps.Select(s => s.Detail))
            .Concat(logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        texts.Should().AllSatisfy(t => t.Should().NotContain("secret-payload"));
        echo.Seen.Should().BeGreaterThan(0);
    }

    private sealed class EchoingAuthenticator : IFakeEwsAuthenticator
    {
        public int Seen;

        public ValueTask<FakeEwsAuthenticationResult> AuthenticateAsync(FakeEwsAuthenticationContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Seen);
            var token = context.AuthorizationHeader?.Replace("Bearer ", "", StringComparison.Ordinal) ?? "";
            return ValueTask.FromResult(FakeEwsAuthenticationResult.Challenge(
                $"Bearer error=\"invalid_token\", error_description=\"The token {token} has expired\""));
        }
    }

    // ---------------------------------------------------------------- the check

    [SkippableTheory]
    [InlineData("abc", "1")]
    [InlineData("-15", "-1")]
    [InlineData("99999999999", "0")]
    [InlineData("", "")]
    public async Task Check_ServerVersionInfo_with_odd_numbers_does_not_crash_and_recommends_nothing_it_cannot_know(string major, string minor)
    {
        var header = $"<t:ServerVersionInfo MajorVersion=\"{major}\" MinorVersion=\"{minor}\" MajorBuildNumber=\"x\" MinorBuildNumber=\"1\" Version=\"5\"/>";
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, Ews.Envelope(Ews.ResponseBody("GetFolder", Ews.Message("GetFolder", "Success", "NoError",
            "<m:Folders><t:Folder><t:FolderId Id=\"F1\" ChangeKey=\"C1\"/></t:Folder></m:Folders>")), header), "text/xml; charset=utf-8"), "GetFolder");
        using var sender = ServerFixture.Sender(server);

        var check = await sender.TestConnectionAsync();

        check.Succeeded.Should().BeTrue(check.ToString());
        check.RecommendedVersion.Should().BeNull();
    }

    public static TheoryData<string, bool> HostileResolutions => new()
    {
        // No t:Mailbox at all: nothing proves the sender is a mailbox.
        { "<t:Resolution><t:Contact><t:DisplayName>Shared</t:DisplayName></t:Contact></t:Resolution>", false },
        // Thousands of other matches.
        { string.Concat(Enumerable.Range(0, 5000).Select(i => $"<t:Resolution><t:Mailbox><t:Name>n{i}</t:Name><t:EmailAddress>n{i}@example.com</t:EmailAddress></t:Mailbox></t:Resolution>")), false },
        // One of many is the sender.
        { string.Concat(Enumerable.Range(0, 50).Select(i => $"<t:Resolution><t:Mailbox><t:Name>n{i}</t:Name><t:EmailAddress>n{i}@example.com</t:EmailAddress></t:Mailbox></t:Resolution>"))
            + "<t:Resolution><t:Mailbox><t:Name>Shared</t:Name><t:EmailAddress>SHARED@example.com</t:EmailAddress></t:Mailbox></t:Resolution>", true },
    };

    [SkippableTheory]
    [MemberData(nameof(HostileResolutions))]
    public async Task Check_hostile_ResolveNames_answers_never_claim_a_mailbox_that_was_not_named(string resolutions, bool found)
    {
        await using var server = await ServerFixture.StartAsync(o => o.Users.Add(new FakeEwsUser("shared@example.com", "Shared")));
        var count = System.Text.RegularExpressions.Regex.Count(resolutions, "<t:Resolution>");
        var (cls, code) = count == 1 ? ("Success", "NoError") : ("Warning", "ErrorNameResolutionMultipleResults");
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, Ews.Response("ResolveNames", Ews.Message("ResolveNames", cls, code,
            $"<m:ResolutionSet TotalItemsInView=\"{count}\" IncludesLastItemInRange=\"true\">{resolutions}</m:ResolutionSet>")), "text/xml; charset=utf-8"), "ResolveNames");
        using var sender = ServerFixture.Sender(server, o => { o.SenderAddress = "shared@example.com"; o.UserName = ServerFixture.AccountAddress; });

        var check = await sender.TestConnectionAsync();

        var step = check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender);
        step.Detail.Length.Should().BeLessThan(2_000);
        step.Detail.Should().NotContain("<>", "an empty address is not a mailbox ({0})", step.Detail);
        if (found)
        {
            step.Detail.Should().Contain("resolves to the mailbox");
        }
        else
        {
            step.Detail.Should().NotContain("resolves to the mailbox");
        }
    }

    [SkippableFact]
    public async Task Check_a_test_message_whose_outcome_is_unknown_is_not_reported_as_not_sent()
    {
        await using var server = await ServerFixture.StartAsync(o => o.Users.Add(new FakeEwsUser("shared@example.com", "Shared")));
        server.GrantSendAs(ServerFixture.AccountAddress, "shared@example.com");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { o.SenderAddress = "shared@example.com"; o.UserName = ServerFixture.AccountAddress; });

        var check = await sender.TestConnectionAsync(new ExchangeConnectionCheckOptions { SendTestMessage = true }, CancellationToken.None);

        server.SentMessages.Should().HaveCount(1);
        var step = check.Steps.Single(s => s.Step == ExchangeConnectionCheckStep.Sender);
        step.Detail.Should().NotStartWith("The test message was not sent", "the server took it; the answer was lost ({0})", step.Detail);
        check.TestMessageId.Should().NotBeNull();
    }

    [SkippableFact]
    public async Task Version_a_server_refusing_every_version_is_stepped_down_once_and_asked_twice_at_most()
    {
        await using var server = await ServerFixture.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            server.EnqueueFault(FakeEwsFault.SoapFault("ErrorInvalidServerVersion"), "CreateItem");
        }

        using var sender = ServerFixture.Sender(server, o => { o.AllowVersionFallback = true; o.Version = ExchangeVersion.Exchange2016; });

        var first = await Record(() => sender.SendAsync(Message(0)));
        var second = await Record(() => sender.SendAsync(Message(1)));

        first.Should().BeOfType<ExchangeServiceException>().Which.ResponseCode.Should().Be(ExchangeResponseCode.ErrorInvalidServerVersion);
        second.Should().BeOfType<ExchangeServiceException>();
        // First send: 2016, then one step down; second send: at the stepped-down version only.
        CreateItems(server).Should().Be(3);
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Version_an_ErrorInvalidServerVersion_response_message_after_processing_is_not_resent()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem", Ews.Message("CreateItem", "Error", "ErrorInvalidServerVersion"))), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.AllowVersionFallback = true);

        await Record(() => sender.SendAsync(Message(0)));

        CreateItems(server).Should().Be(1);
        server.SentMessages.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task Version_concurrent_chunks_refused_at_the_configured_version_step_down_once_and_each_message_arrives_once()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2013_SP1");
        using var sender = ServerFixture.Sender(server, o => { o.AllowVersionFallback = true; o.Version = ExchangeVersion.Exchange2016; o.MaxConcurrentRequests = 4; });

        var result = await sender.SendAsync(Messages(40));

        result.AllSent.Should().BeTrue(result.ToString());
        server.SentMessages.Select(m => m.Subject).Should().OnlyHaveUniqueItems().And.HaveCount(40);
        // Four refusals at most (the chunks in flight when the first refusal arrived), each resent once.
        CreateItems(server).Should().BeInRange(5, 8);
        (await sender.TestConnectionAsync()).Warnings.Should().Contain(w => w.Code == ExchangeSendWarning.VersionSteppedDown);
    }

    // ---------------------------------------------------------------- per-message impersonation

    [SkippableTheory]
    [InlineData("shared@example.com\r\nX-Evil: 1", ExchangeConnectingIdType.SmtpAddress)]
    [InlineData("shared@example.com\nX-Evil: 1", ExchangeConnectingIdType.PrincipalName)]
    [InlineData("S-1-5-21-1\r\nX-Evil: 1", ExchangeConnectingIdType.Sid)]
    public async Task Impersonation_a_line_break_in_a_messages_ImpersonatedUser_is_refused_before_any_request(string id, ExchangeConnectingIdType type)
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);

        var error = await Record(() => sender.SendAsync(Message(0).With(m => { m.ImpersonatedUser = id; m.ImpersonatedUserIdType = type; })));
        var batch = await sender.SendAsync([Message(1).With(m => { m.ImpersonatedUser = id; m.ImpersonatedUserIdType = type; })]);

        error.Should().BeOfType<ExchangeMessageValidationException>();
        batch.Items[0].Error.Should().BeOfType<ExchangeMessageValidationException>();
        server.Requests.Should().BeEmpty();
    }

    [SkippableTheory]
    [InlineData("shared@bücher.example", ExchangeConnectingIdType.SmtpAddress)]
    [InlineData("jösé@example.com", ExchangeConnectingIdType.SmtpAddress)]
    [InlineData("S-1-5-21-1004336348-1177238915-682003330-512", ExchangeConnectingIdType.Sid)]
    [InlineData("shared@corp.example.com", ExchangeConnectingIdType.PrincipalName)]
    public async Task Impersonation_IDN_UTF8_SID_and_UPN_forms_give_valid_EWS_and_an_ASCII_anchor_or_none(string id, ExchangeConnectingIdType type)
    {
        await using var server = await ServerFixture.StartAsync(o => o.Users.Add(new FakeEwsUser(id, "Target")));
        server.GrantImpersonation(ServerFixture.AccountAddress);
        using var sender = ServerFixture.Sender(server, o => o.MaxRetryAttempts = 0);

        var error = await Record(() => sender.SendAsync(Message(0).With(m => { m.ImpersonatedUser = id; m.ImpersonatedUserIdType = type; })));

        (error as ExchangeTransportException).Should().BeNull("an id the validator accepted must be sendable; actual: {0}", error);
        var request = server.Requests.Should().ContainSingle(r => r.Operation == "CreateItem").Subject;
        request.Error.Should().BeNull();
        if (type == ExchangeConnectingIdType.SmtpAddress)
        {
            request.ImpersonatedUser.Should().Be(id);
        }

        if (request.AnchorMailbox is { } anchor)
        {
            anchor.All(char.IsAscii).Should().BeTrue(anchor);
        }
    }

    [SkippableFact]
    public async Task Impersonation_and_sender_copy_folders_that_alternate_are_grouped_so_each_request_carries_its_own()
    {
        const string A = "a@example.com", B = "b@example.com";
        await using var server = await ServerFixture.StartAsync(o => { o.Users.Add(new FakeEwsUser(A, "A")); o.Users.Add(new FakeEwsUser(B, "B")); });
        server.GrantImpersonation(ServerFixture.AccountAddress);
        using var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);
        var who = new[] { A, B, A, A };
        var messages = who.Select((w, i) => Message(i).With(m => { m.ImpersonatedUser = w; m.From = new ExchangeMailbox(w); m.SaveCopyTo = ExchangeSavedCopyFolder.SenderSentItems; })).ToList();

        var result = await sender.SendAsync(messages);

        result.AllSent.Should().BeTrue(result.ToString());
        var sends = server.Requests.Where(r => r.Operation == "CreateItem").ToList();
        sends.Should().HaveCount(2, "grouped by impersonation and copy folder: A A A | B");
        sends.Should().AllSatisfy(r => r.AnchorMailbox.Should().Be(r.ImpersonatedUser));
        server.GetFolderItems("sentitems", A).Select(m => m.Subject).Should().BeEquivalentTo("batch 0", "batch 2", "batch 3");
        server.GetFolderItems("sentitems", B).Select(m => m.Subject).Should().BeEquivalentTo("batch 1");
    }

    // ---------------------------------------------------------------- support

    private static async Task<Exception?> Record(Func<Task> act)
    {
        try
        {
            await act();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("the condition did not become true");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A list another thread changes while it is being sent: each index reads its original once, then the replacement.</summary>
    private sealed class ChangingList(List<ExchangeMailMessage> original, ExchangeMailMessage replacement) : IReadOnlyList<ExchangeMailMessage>
    {
        private readonly int[] _reads = new int[original.Count];

        public ExchangeMailMessage this[int index] => Interlocked.Increment(ref _reads[index]) == 1 ? original[index] : replacement;

        public int Count => original.Count;

        public IEnumerator<ExchangeMailMessage> GetEnumerator() => Enumerable.Range(0, Count).Select(i => this[i]).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

internal static class MessageExtensions
{
    public static ExchangeMailMessage With(this ExchangeMailMessage message, Action<ExchangeMailMessage> change)
    {
        change(message);
        return message;
    }
}
