using System.IO.Compression;
using System.Text;
using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>Hostile probes of the reliability features: answers that must not be believed, cancellation at every stage,
/// FindSentMessageAsync with bad input and lying servers, ResolveUnknownOutcomes, secrets.</summary>
public class HostileProbeTests
{
    private static readonly FakeEwsFault LostUnprocessed = FakeEwsFault.HttpStatus(200,
        "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><m:CreateItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\">",
        "text/xml; charset=utf-8");

    private static async Task<(ExchangeSendResult? Result, Exception? Error)> TryAsync(Func<Task<ExchangeSendResult>> send)
    {
        try
        {
            return (await send(), null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    private static string Describe((ExchangeSendResult? Result, Exception? Error) outcome) => outcome.Error is { } e
        ? $"{e.GetType().Name} (OutcomeUnknown={(e as ExchangeException)?.OutcomeUnknown ?? (e as ExchangeSendCanceledException)?.OutcomeUnknown}): {e.Message}"
        : $"sent, resolution {outcome.Result!.OutcomeResolution}, requests {outcome.Result.RequestCount}";

    // ---------------------------------------------------------------- 1. answers that must not be believed

    private const string BusyFault = "<s:Fault><faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorServerBusy</faultcode>"
        + "<faultstring>busy</faultstring><detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorServerBusy</e:ResponseCode></detail></s:Fault>";

    private const string InternalFault = "<s:Fault><faultcode xmlns:a=\"http://schemas.microsoft.com/exchange/services/2006/types\">a:ErrorInternalServerError</faultcode>"
        + "<faultstring>oops</faultstring><detail><e:ResponseCode xmlns:e=\"http://schemas.microsoft.com/exchange/services/2006/errors\">ErrorInternalServerError</e:ResponseCode></detail></s:Fault>";

    [SkippableTheory]
    [InlineData("busy-fault-in-body-after-success")]
    [InlineData("busy-fault-in-header-with-success")]
    public async Task P1_a_success_answer_with_a_busy_fault_beside_it_is_not_believed_and_not_retried(string where)
    {
        await using var server = await ServerFixture.StartAsync();
        var success = Ews.ResponseBody("CreateItem", Ews.Message("CreateItem", "Success", "NoError", "<m:Items/>"));
        var body = where.Contains("header", StringComparison.Ordinal)
            ? Ews.Envelope(success, header: Ews.Version + BusyFault)
            : Ews.Envelope(success + BusyFault);
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(body), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1, "the server processed the first request; a contradictory answer must not be retried ({0})", Describe(outcome));
        outcome.Error.Should().BeAssignableTo<ExchangeException>().Which.OutcomeUnknown.Should().BeTrue();
    }

    [SkippableFact]
    public async Task P1_a_success_answer_with_a_non_retried_fault_beside_it_is_an_unknown_outcome()
    {
        await using var server = await ServerFixture.StartAsync();
        var success = Ews.ResponseBody("CreateItem", Ews.Message("CreateItem", "Success", "NoError", "<m:Items/>"));
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(Ews.Envelope(success + InternalFault)), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1);
        outcome.Error.Should().BeAssignableTo<ExchangeException>().Which.OutcomeUnknown.Should().BeTrue(
            "the message was sent and the answer contradicts itself; actual: {0}", Describe(outcome));
    }

    [SkippableFact]
    public async Task P1_a_response_message_with_two_response_codes_is_not_believed()
    {
        await using var server = await ServerFixture.StartAsync();
        var body = Ews.Response("CreateItem",
            "<m:CreateItemResponseMessage ResponseClass=\"Error\"><m:ResponseCode>NoError</m:ResponseCode><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:Items/></m:CreateItemResponseMessage>");
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(body), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1, "nothing that may have been sent is retried; actual: {0}", Describe(outcome));
        outcome.Error.Should().BeOfType<ExchangeTransportException>().Which.Failure.Should().Be(ExchangeTransportFailure.InvalidResponse);
    }

    [SkippableFact]
    public async Task P1_warning_with_no_error_is_not_a_plain_failure()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem", Ews.Message("CreateItem", "Warning", "NoError", "<m:Items/>"))), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1);
        // Either believed as sent, or an unknown outcome; never "not sent" for a message the server sent.
        if (outcome.Error is ExchangeException ex)
        {
            ex.OutcomeUnknown.Should().BeTrue("actual: {0}", Describe(outcome));
        }
    }

    [SkippableTheory]
    [InlineData("<faultcode></faultcode>")]
    [InlineData("<faultcode>  </faultcode>")]
    [InlineData("<faultcode/>")]
    public async Task P1_a_soap_fault_with_an_empty_faultcode_is_a_typed_error(string faultcode)
    {
        await using var server = await ServerFixture.StartAsync();
        var fault = Ews.Envelope($"<s:Fault>{faultcode}<faultstring>x</faultstring></s:Fault>", header: "");
        server.EnqueueFault(FakeEwsFault.HttpStatus(500, fault, "text/xml; charset=utf-8"), "CreateItem");
        server.EnqueueFault(FakeEwsFault.HttpStatus(500, fault, "text/xml; charset=utf-8"), "GetFolder");
        using var sender = ServerFixture.Sender(server);
        var check = async () => await sender.TestConnectionAsync();
        await check.Should().NotThrowAsync("TestConnectionAsync never throws for a failed step");
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeAssignableTo<ExchangeException>("actual: {0}", outcome.Error?.GetType().FullName + ": " + outcome.Error?.Message);
    }

    [SkippableTheory]
    [InlineData("&#x1B;")]
    [InlineData("\u001B")]
    public async Task P1_a_control_character_in_message_xml_is_tolerated_like_in_text(string control)
    {
        await using var server = await ServerFixture.StartAsync();
        var body = Ews.Response("CreateItem", "<m:CreateItemResponseMessage ResponseClass=\"Error\"><m:MessageText>bad</m:MessageText>"
            + "<m:ResponseCode>ErrorInvalidRecipients</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>"
            + $"<m:MessageXml><t:Value Name=\"Subject\">a{control}b</t:Value></m:MessageXml><m:Items/></m:CreateItemResponseMessage>");
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, body, "text/xml; charset=utf-8"), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        outcome.Error.Should().BeOfType<ExchangeServiceException>("actual: {0}", Describe(outcome))
            .Which.ResponseCode.ToString().Should().Be("ErrorInvalidRecipients");
    }

    [SkippableFact]
    public async Task P1_a_busy_fault_whose_message_xml_holds_a_control_character_is_still_retried()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorServerBusy", "busy", "<t:Value Name=\"Note\">&#x1;</t:Value><t:Value Name=\"BackOffMilliseconds\">100</t:Value>"), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeNull("a throttled request is retried; actual: {0}", Describe(outcome));
        server.SentMessages.Should().HaveCount(1);
    }

    [SkippableTheory]
    [InlineData(201)]
    [InlineData(202)]
    public async Task P1_a_2xx_soap_envelope_without_an_ews_response_to_a_processed_send_is_an_unknown_outcome(int status)
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(Ews.Envelope(""), status: status), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1);
        outcome.Error.Should().BeOfType<ExchangeTransportException>().Which.OutcomeUnknown.Should().BeTrue("actual: {0}", Describe(outcome));
    }

    public static TheoryData<string, string> Encodings => new()
    {
        { "utf16le-bom", "success" },
        { "utf16be-bom", "success" },
        { "utf16le-nobom", "success" },
        { "utf8-bom", "success" },
        { "utf8-bom-raw-control", "success" },
        { "utf16le-bom-raw-control", "invalid-response" },
        { "utf16-declared-but-utf8", "unknown" },
        { "latin1-declared", "success" },
    };

    [SkippableTheory]
    [MemberData(nameof(Encodings))]
    public async Task P1_encodings_and_boms(string variant, string expected)
    {
        var text = Ews.Response("CreateItem", Ews.Message("CreateItem", "Success", "NoError", "<m:Items/>",
            text: variant.Contains("raw-control", StringComparison.Ordinal) ? "ok\u0001" : "ok"));
        byte[] bytes;
        string contentType;
        switch (variant)
        {
            case "utf16le-bom" or "utf16le-bom-raw-control":
                bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text.Replace("utf-8", "utf-16", StringComparison.Ordinal))];
                contentType = "text/xml; charset=utf-16";
                break;
            case "utf16be-bom":
                bytes = [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text.Replace("utf-8", "utf-16", StringComparison.Ordinal))];
                contentType = "text/xml; charset=utf-16";
                break;
            case "utf16le-nobom":
                bytes = Encoding.Unicode.GetBytes(text.Replace("utf-8", "utf-16", StringComparison.Ordinal));
                contentType = "text/xml; charset=utf-16";
                break;
            case "utf8-bom" or "utf8-bom-raw-control":
                bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
                contentType = "text/xml; charset=utf-8";
                break;
            case "utf16-declared-but-utf8":
                bytes = Encoding.UTF8.GetBytes(text.Replace("utf-8", "utf-16", StringComparison.Ordinal));
                contentType = "text/xml";
                break;
            default:
                bytes = Encoding.Latin1.GetBytes(text.Replace("utf-8", "iso-8859-1", StringComparison.Ordinal).Replace(">ok<", ">\u00e9<", StringComparison.Ordinal));
                contentType = "text/xml; charset=iso-8859-1";
                break;
        }

        await using var server = new HostileRawServer(r => RawReply.Bytes(bytes, contentType));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        if (expected == "success")
        {
            outcome.Error.Should().BeNull("actual: {0}", Describe(outcome));
        }
        else
        {
            outcome.Error.Should().BeAssignableTo<ExchangeException>().Which.OutcomeUnknown.Should().BeTrue("actual: {0}", Describe(outcome));
        }
    }

    public static TheoryData<string> Dtds => new()
    {
        "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&x;</s:Body></s:Envelope>",
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\"><!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&lol4;</s:Body></s:Envelope>",
        "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&undeclared;</s:Body></s:Envelope>",
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><![CDATA[</s:Body>]]></s:Body></s:Envelope>",
        "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><m:CreateItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"/></s:Body></s:Envelope>",
    };

    [SkippableTheory]
    [MemberData(nameof(Dtds))]
    public async Task P1_dtds_entities_and_wrong_envelopes_are_typed_unknown_outcomes(string body)
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, body, "text/xml; charset=utf-8"), "CreateItem");
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, body, "text/xml; charset=utf-8"), "GetFolder");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeOfType<ExchangeTransportException>("actual: {0}", Describe(outcome)).Which.OutcomeUnknown.Should().BeTrue();
        outcome.Error!.Message.Should().NotContain("root:");
        (await sender.TestConnectionAsync()).Succeeded.Should().BeFalse();
    }

    [SkippableFact]
    public async Task P1_a_huge_body_is_a_typed_unknown_outcome()
    {
        await using var server = await ServerFixture.StartAsync();
        var padding = new string(' ', 20 * 1024 * 1024);
        var body = Ews.Envelope(Ews.ResponseBody("CreateItem", Ews.Message("CreateItem", "Success", "NoError", "<m:Items/>")) + "<!--" + padding + "-->");
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(body), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeOfType<ExchangeTransportException>("actual: {0}", Describe(outcome)).Which.OutcomeUnknown.Should().BeTrue();
    }

    public static TheoryData<string, string, int> Encoded => new()
    {
        { "gzip", "text/xml; charset=utf-8", 200 },
        { "deflate", "text/xml; charset=utf-8", 200 },
        { "br", "text/xml; charset=utf-8", 200 },
        { "gzip", "text/html", 403 },
        { "gzip-truncated", "text/xml; charset=utf-8", 200 },
    };

    [SkippableTheory]
    [MemberData(nameof(Encoded))]
    public async Task P1_a_body_that_does_not_decompress_is_a_typed_error(string encoding, string contentType, int status)
    {
        byte[] bytes;
        string header;
        if (encoding == "gzip-truncated")
        {
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            {
                gz.Write(Encoding.UTF8.GetBytes(Ews.CreateItemOk));
            }

            bytes = ms.ToArray()[..(int)(ms.Length / 2)];
            header = "Content-Encoding: gzip";
        }
        else
        {
            bytes = Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251)).ToArray();
            bytes[0] = 0x1f;
            bytes[1] = 0x8b;
            bytes[2] = 8;
            header = "Content-Encoding: " + encoding;
        }

        await using var server = new HostileRawServer(r => RawReply.Bytes(bytes, contentType, status, header));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var check = async () => await sender.TestConnectionAsync();
        await check.Should().NotThrowAsync();
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeAssignableTo<ExchangeException>("actual: {0}", outcome.Error?.GetType().FullName + ": " + outcome.Error?.Message);
    }

    [SkippableFact]
    public async Task P1_a_body_shorter_than_its_content_length_is_a_lost_answer()
    {
        await using var server = new HostileRawServer(r => RawReply.Xml(Ews.CreateItemOk[..200]) with { DeclaredLength = 5000 });
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeOfType<ExchangeTransportException>("actual: {0}", Describe(outcome)).Which.OutcomeUnknown.Should().BeTrue();
    }

    public static TheoryData<string, string> MoreContradictions => new()
    {
        // the code in the types namespace: no ResponseCode in the messages namespace
        { Ews.Response("CreateItem", "<m:CreateItemResponseMessage ResponseClass=\"Success\"><t:ResponseCode>NoError</t:ResponseCode></m:CreateItemResponseMessage>"), "invalid" },
        // prefixes swapped: m bound to types, t bound to messages
        { Ews.Envelope("<t:CreateItemResponse xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/messages\" xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/types\"><t:ResponseMessages><t:CreateItemResponseMessage ResponseClass=\"Success\"><t:ResponseCode>NoError</t:ResponseCode></t:CreateItemResponseMessage></t:ResponseMessages></t:CreateItemResponse>"), "success" },
        // a response message nested in another
        { Ews.Response("CreateItem", "<m:CreateItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode><m:CreateItemResponseMessage ResponseClass=\"Error\"><m:ResponseCode>ErrorServerBusy</m:ResponseCode></m:CreateItemResponseMessage></m:CreateItemResponseMessage>"), "invalid" },
        // a fault inside the response message
        { Ews.Response("CreateItem", "<m:CreateItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>" + BusyFault + "</m:CreateItemResponseMessage>"), "not-plain-failure" },
        // a second body
        { Ews.Envelope(Ews.ResponseBody("CreateItem", Ews.Message("CreateItem", "Success", "NoError"))) + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>", "invalid" },
        // duplicated ResponseMessages wrappers, one message each
        { Ews.Envelope("<m:CreateItemResponse><m:ResponseMessages>" + Ews.Message("CreateItem", "Success", "NoError") + "</m:ResponseMessages><m:ResponseMessages>" + Ews.Message("CreateItem", "Error", "ErrorQuotaExceeded") + "</m:ResponseMessages></m:CreateItemResponse>"), "invalid" },
        // ResponseClass case
        { Ews.Response("CreateItem", Ews.Message("CreateItem", "success", "NoError")), "invalid" },
        // a control character in an attribute name
        { Ews.Response("CreateItem", Ews.Message("CreateItem", "Success", "NoError")).Replace("ResponseClass", "Response\u0002Class", StringComparison.Ordinal), "invalid" },
        // a ResponseCode with child markup
        { Ews.Response("CreateItem", "<m:CreateItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode><b>No</b>Error</m:ResponseCode></m:CreateItemResponseMessage>"), "invalid" },
        // text/xml 200 without EWS content, only a header
        { Ews.Envelope("", header: Ews.Version), "invalid" },
        // body element in the messages namespace but the wrong case
        { Ews.Response("CreateItem", Ews.Message("CreateItem", "Success", "NoError")).Replace("CreateItemResponse>", "createItemResponse>", StringComparison.Ordinal).Replace("<m:CreateItemResponse", "<m:createItemResponse", StringComparison.Ordinal), "invalid" },
    };

    [SkippableTheory]
    [MemberData(nameof(MoreContradictions))]
    public async Task P1_more_contradictions(string body, string expected)
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(body), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        server.SentMessages.Should().HaveCount(1, "nothing retried ({0})", Describe(outcome));
        if (expected == "success")
        {
            outcome.Error.Should().BeNull("actual: {0}", Describe(outcome));
        }
        else if (expected == "not-plain-failure")
        {
            (outcome.Error is null or ExchangeException { OutcomeUnknown: true }).Should().BeTrue("actual: {0}", Describe(outcome));
        }
        else
        {
            outcome.Error.Should().BeAssignableTo<ExchangeException>("actual: {0}", Describe(outcome)).Which.OutcomeUnknown.Should().BeTrue("actual: {0}", Describe(outcome));
        }
    }

    [SkippableTheory]
    [InlineData("busy-fault-beside-success")]
    [InlineData("warning-noerror")]
    [InlineData("two-codes")]
    public async Task P1_three_call_path_a_send_item_answer_that_cannot_be_believed_keeps_the_draft_and_is_unknown(string variant)
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        var body = variant switch
        {
            "busy-fault-beside-success" => Ews.Envelope(Ews.ResponseBody("SendItem", Ews.Message("SendItem", "Success", "NoError")) + BusyFault),
            "warning-noerror" => Ews.Response("SendItem", Ews.Message("SendItem", "Warning", "NoError")),
            _ => Ews.Response("SendItem", "<m:SendItemResponseMessage ResponseClass=\"Error\"><m:ResponseCode>NoError</m:ResponseCode><m:ResponseCode>ErrorServerBusy</m:ResponseCode></m:SendItemResponseMessage>"),
        };
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond(body), "SendItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain")))));

        var trace = $"{Describe(outcome)}; requests {string.Join(", ", server.Requests.Select(r => $"{r.Operation}/{r.ResponseCode}"))}; sent {server.SentMessages.Count}; sentitems {server.GetFolderItems("sentitems").Count}";
        server.SentMessages.Should().HaveCount(1, trace);
        server.GetFolderItems("sentitems").Should().HaveCount(1, "the sent copy must not be deleted as a 'draft'; {0}", trace);
        outcome.Error.Should().BeAssignableTo<ExchangeException>(trace).Which.OutcomeUnknown.Should().BeTrue(trace);
    }

    // ---------------------------------------------------------------- 2. cancellation

    [SkippableFact]
    public async Task P2_cancelled_while_queued_behind_the_only_slot_then_a_later_send_works()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(2)), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);
        var first = sender.SendAsync(TestOptions.Message(m => m.Subject = "first"));
        await Task.Delay(300);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var second = () => sender.SendAsync(TestOptions.Message(m => m.Subject = "second"), cancel.Token);
        var error = (await second.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeFalse();
        error.OutcomeUnknown.Should().BeFalse();
        error.Operation.Should().BeNull();
        error.InternetMessageId.Should().NotBeNullOrEmpty();
        await first;
        var third = await sender.SendAsync(TestOptions.Message(m => m.Subject = "third"));
        third.Should().NotBeNull();
        server.SentMessages.Select(m => m.Subject).Should().Equal("first", "third");
    }

    private sealed class SlowNonSeekable(int chunks, TimeSpan perRead) : Stream
    {
        private int _left = chunks;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(perRead, cancellationToken);
            if (_left-- <= 0)
            {
                return 0;
            }

            var n = Math.Min(buffer.Length, 4096);
            buffer.Span[..n].Fill((byte)'x');
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    [SkippableFact]
    public async Task P2_cancelled_while_spooling_a_non_seekable_attachment_leaves_nothing_and_sends_nothing()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var before = Directory.GetFiles(Path.GetTempPath(), "exchange-sending-*").Length;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var send = () => sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("s.bin", new SlowNonSeekable(100, TimeSpan.FromMilliseconds(50))))), cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeFalse();
        error.OutcomeUnknown.Should().BeFalse();
        error.Operation.Should().BeNull();
        server.Requests.Should().BeEmpty();
        Directory.GetFiles(Path.GetTempPath(), "exchange-sending-*").Length.Should().BeLessThanOrEqualTo(before);
        (await sender.SendAsync(TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("s.bin", new SlowNonSeekable(3, TimeSpan.Zero)))))).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task P2_cancelled_during_a_retry_back_off_nothing_was_sent()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(5000), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var send = () => sender.SendAsync(TestOptions.Message(), cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeFalse();
        error.OutcomeUnknown.Should().BeFalse();
        error.Operation.Should().BeNull("waiting for a retry, no request is in flight");
        server.SentMessages.Should().BeEmpty();
        (await sender.SendAsync(TestOptions.Message())).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task P2_mime_path_cancelled_waiting_for_the_answer_may_be_delivered()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(4)), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Mime);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1200));
        var send = () => sender.SendAsync(TestOptions.Message(), cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeTrue();
        error.OutcomeUnknown.Should().BeTrue();
        error.Operation.Should().Be("CreateItem");
    }

    [SkippableFact]
    public async Task P2_mimekit_path_cancelled_during_the_probe_sends_nothing_and_the_next_send_works()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(3)), "GetFolder");
        using var sender = ServerFixture.Sender(server, o => o.MessageFormat = ExchangeMessageFormat.Automatic);
        var mime = new MimeKit.MimeMessage();
        mime.To.Add(new MimeKit.MailboxAddress("A", "alice@example.com"));
        mime.Subject = "x";
        mime.Body = new MimeKit.TextPart("plain") { Text = "y" };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var send = () => sender.SendAsync(mime, cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.OutcomeUnknown.Should().BeFalse();
        server.SentMessages.Should().BeEmpty();
        (await sender.SendAsync(TestOptions.Message())).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task P2_three_call_path_cancelled_waiting_for_the_save_only_answer()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(4)), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain")));
        var send = () => sender.SendAsync(message, cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeTrue();
        error.OutcomeUnknown.Should().BeFalse("SaveOnly sends nothing");
        error.Operation.Should().Be("CreateItem");
        error.Message.Should().Contain("draft");
        server.SentMessages.Should().BeEmpty();
        await Task.Delay(3500);
        var lookup = await sender.FindSentMessageAsync(error.InternetMessageId!, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.Zero, DeleteLeftoverDraft = true });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        lookup.DraftDeleted.Should().BeTrue(lookup.ToString());
        server.GetFolderItems("drafts").Should().BeEmpty();
    }

    [SkippableFact]
    public async Task P2_three_call_path_cancelled_in_the_send_item_back_off_deletes_the_draft()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        server.EnqueueFault(FakeEwsFault.ServerBusy(5000), "SendItem");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "a"u8.ToArray(), "text/plain")));
        var send = () => sender.SendAsync(message, cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.OutcomeUnknown.Should().BeFalse();
        error.LeftoverDraftItemId.Should().BeNull();
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task P2_cancelled_while_resolve_unknown_outcomes_is_looking_the_message_may_have_been_sent()
    {
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(30));
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { o.ResolveUnknownOutcomes = true; o.SentItemsFilingTime = TimeSpan.FromSeconds(20); });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message(), cancel.Token));

        server.SentMessages.Should().HaveCount(1, "the server did send it");
        var error = outcome.Error.Should().BeOfType<ExchangeSendCanceledException>().Subject;
        error.CancellationToken.Should().Be(cancel.Token);
        error.OutcomeUnknown.Should().BeTrue("the CreateItem went out whole and its answer was lost; the lookup was cut short. Actual: {0}", error.Message);
    }

    // ---------------------------------------------------------------- 3. FindSentMessageAsync

    public static TheoryData<string?, string> Ids => new()
    {
        { null, "invalid" },
        { "", "invalid" },
        { "   ", "invalid" },
        { "<>", "invalid" },
        { "<", "invalid" },
        { ">", "invalid" },
        { "<<a@b>>", "invalid" },
        { "<@b>", "invalid" },
        { "<a@>", "invalid" },
        { "@", "invalid" },
        { "<a@b", "invalid" },
        { "a b@c", "invalid" },
        { new string('x', 2000) + "@example.com", "invalid" },
        { "<a\u0001b@example.com>", "invalid" },
        { "<a\u0000b@example.com>", "invalid" },
        { "<a\u200bb@example.com>", "valid" },
        { "a@b", "valid" },
        { "  <a@b>  ", "valid" },
        { "<\u00fc\u00e9@\u4f8b\u3048.jp>", "valid" },
        { "<a\"'&b@c>", "valid" },
        { "<a&lt;]]b@c>", "valid" },
    };

    [SkippableTheory]
    [MemberData(nameof(Ids))]
    public async Task P3_bad_ids(string? id, string expected)
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        Exception? error = null;
        ExchangeMessageLookup? lookup = null;
        try
        {
            lookup = await sender.FindSentMessageAsync(id!, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.Zero });
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (expected == "invalid")
        {
            error.Should().NotBeNull();
            error!.GetType().Should().Be(id is null ? typeof(ArgumentNullException) : typeof(ArgumentException), "actual: {0}: {1}", error.GetType().Name, error.Message);
            server.Requests.Should().BeEmpty("a malformed id is refused before any request");
        }
        else
        {
            error.Should().BeNull("actual: {0}", error?.ToString());
            lookup!.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        }
    }

    [SkippableFact]
    public async Task P3_a_server_that_ignores_the_restriction_and_returns_other_items_is_not_a_not_found()
    {
        var now = DateTimeOffset.UtcNow;
        var items = Enumerable.Range(0, 10).Select(i => Ews.FoundItem($"<other-{i}@example.com>", "other", now, "I" + i)).ToArray();
        await using var server = new HostileRawServer(r => RawReply.Xml(r.Operation == "FindItem" ? Ews.FindItem(items) : Ews.CreateItemOk));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var lookup = await sender.FindSentMessageAsync("<wanted@example.com>", new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable, "docs: SearchNotSupported (the server refused or ignored the restriction); actual {0}", lookup);
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.SearchNotSupported);
    }

    [SkippableFact]
    public async Task P3_a_server_that_returns_items_without_message_ids_is_undecidable()
    {
        var items = Enumerable.Range(0, 3).Select(i => Ews.FoundItem(null, "x", DateTimeOffset.UtcNow, "I" + i)).ToArray();
        await using var server = new HostileRawServer(r => RawReply.Xml(Ews.FindItem(items)));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var lookup = await sender.FindSentMessageAsync("<wanted@example.com>", new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable);
        lookup.UndecidableReason.Should().Be(ExchangeLookupUndecidableReason.SearchNotSupported);
    }

    [SkippableFact]
    public async Task P3_a_mix_of_items_without_and_with_other_ids_is_undecidable()
    {
        var items = new[] { Ews.FoundItem(null, "x", DateTimeOffset.UtcNow, "I1"), Ews.FoundItem("<other@example.com>", "y", DateTimeOffset.UtcNow, "I2") };
        await using var server = new HostileRawServer(r => RawReply.Xml(Ews.FindItem(items)));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var lookup = await sender.FindSentMessageAsync("<wanted@example.com>", new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Undecidable, "actual {0}", lookup);
    }

    [SkippableTheory]
    [InlineData("ErrorAccessDenied", "Undecidable")]
    [InlineData("ErrorInvalidRestriction", "Undecidable")]
    [InlineData("ErrorFolderNotFound", "Undecidable")]
    [InlineData("soap500", "throws ExchangeServiceException")]
    [InlineData("503", "throws ExchangeTransportException")]
    [InlineData("timeout", "throws ExchangeTransportException")]
    [InlineData("two-messages", "throws ExchangeTransportException")]
    [InlineData("createitem-response", "throws ExchangeTransportException")]
    public async Task P3_find_item_faults(string fault, string expected)
    {
        await using var server = await ServerFixture.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            server.EnqueueFault(fault switch
            {
                "soap500" => FakeEwsFault.SoapFault("ErrorInternalServerError", "internal"),
                "503" => FakeEwsFault.HttpStatus(503),
                "timeout" => FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(3)),
                "two-messages" => FakeEwsFault.ProcessThenRespond(Ews.Response("FindItem", Ews.Message("FindItem", "Success", "NoError"), Ews.Message("FindItem", "Success", "NoError"))),
                "createitem-response" => FakeEwsFault.ProcessThenRespond(Ews.Response("CreateItem", Ews.Message("CreateItem", "Success", "NoError"))),
                _ => FakeEwsFault.ResponseCode(fault, "no"),
            }, "FindItem");
        }

        using var sender = ServerFixture.Sender(server, o => o.RequestTimeout = TimeSpan.FromSeconds(1));
        Exception? error = null;
        ExchangeMessageLookup? lookup = null;
        try
        {
            lookup = await sender.FindSentMessageAsync("<x@example.com>", new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(2), PollInterval = TimeSpan.FromMilliseconds(300) });
        }
        catch (Exception ex)
        {
            error = ex;
        }

        var actual = error is null ? lookup!.Status.ToString() : "throws " + error.GetType().Name;
        actual.Should().Be(expected, "{0}", error?.Message ?? lookup!.ToString());
    }

    [SkippableTheory]
    [InlineData("filing-negative")]
    [InlineData("filing-2h")]
    [InlineData("poll-zero")]
    [InlineData("poll-max")]
    [InlineData("sentat-max")]
    [InlineData("sentat-min")]
    [InlineData("sentat-far-future")]
    [InlineData("sentat-1day")]
    public async Task P3_options_out_of_range(string variant)
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server);
        var options = variant switch
        {
            "filing-negative" => new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(-1) },
            "filing-2h" => new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromHours(2) },
            "poll-zero" => new ExchangeMessageLookupOptions { PollInterval = TimeSpan.Zero },
            "poll-max" => new ExchangeMessageLookupOptions { PollInterval = TimeSpan.MaxValue, FilingTime = TimeSpan.FromSeconds(1) },
            "sentat-max" => new ExchangeMessageLookupOptions { SentAt = DateTimeOffset.MaxValue },
            "sentat-min" => new ExchangeMessageLookupOptions { SentAt = DateTimeOffset.MinValue },
            "sentat-1day" => new ExchangeMessageLookupOptions { SentAt = DateTimeOffset.UtcNow.AddDays(1) },
            _ => new ExchangeMessageLookupOptions { SentAt = DateTimeOffset.UtcNow.AddDays(100), PollInterval = TimeSpan.FromDays(60) },
        };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        Exception? error = null;
        ExchangeMessageLookup? lookup = null;
        try
        {
            lookup = await sender.FindSentMessageAsync("<x@example.com>", options, cancel.Token);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        var describe = error is null ? lookup!.ToString() : error.GetType().Name + ": " + error.Message + " requests=" + server.Requests.Count;
        {
            error.Should().BeOfType<ArgumentOutOfRangeException>(describe);
            ((ArgumentOutOfRangeException)error!).ParamName.Should().Be("options", describe);
            server.Requests.Should().BeEmpty(describe);
        }
    }

    [SkippableFact]
    public async Task P3_disabled_connection()
    {
        using var sender = new ExchangeMailSender(new ExchangeConnectionOptions { SystemName = "off", Disabled = true, ServerUrl = "mail.example.com", SenderAddress = "a@example.com" });
        var find = () => sender.FindSentMessageAsync("<a@b>");
        await find.Should().ThrowAsync<ExchangeConnectionDisabledException>();
    }

    [SkippableFact]
    public async Task P3_concurrent_lookups_share_one_slot()
    {
        await using var server = await ServerFixture.StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.MaxConcurrentRequests = 1);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await sender.SendAsync(TestOptions.Message())).InternetMessageId);
        }

        var lookups = await Task.WhenAll(ids.Concat(ids).Concat(["<none-1@example.com>", "<none-2@example.com>"])
            .Select(id => sender.FindSentMessageAsync(id, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) })));
        lookups.Take(12).Should().OnlyContain(l => l.Status == ExchangeMessageLookupStatus.Sent && l.SentCopies == 1);
        lookups.Skip(12).Should().OnlyContain(l => l.Status == ExchangeMessageLookupStatus.NotFound);
    }

    [SkippableFact]
    public async Task P3_filing_delay_longer_than_filing_time_is_the_documented_not_found()
    {
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(5));
        using var sender = ServerFixture.Sender(server);
        var sent = await sender.SendAsync(TestOptions.Message());
        var lookup = await sender.FindSentMessageAsync(sent.InternetMessageId, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) });
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.NotFound);
        lookup.Covered.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    // ---------------------------------------------------------------- 4. ResolveUnknownOutcomes

    private static Action<ExchangeConnectionOptions> Resolving(TimeSpan filing) => o =>
    {
        o.ResolveUnknownOutcomes = true;
        o.SentItemsFilingTime = filing;
    };

    [SkippableFact]
    public async Task P4_a_retry_back_off_before_the_lost_answer_must_not_use_up_the_filing_time()
    {
        // The server files its copy 1.5 s after it sent the message, within SentItemsFilingTime (2 s) of the lost answer.
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(1.5));
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorServerBusy", "busy", "<t:Value Name=\"BackOffMilliseconds\">3000</t:Value>"), "CreateItem");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, Resolving(TimeSpan.FromSeconds(2)));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1, "the first copy was filed within the filing time after the lost answer; actual: {0}; lookup {1}",
            Describe(outcome), outcome.Result?.OutcomeLookup?.ToString() ?? (outcome.Error as ExchangeException)?.OutcomeLookup?.ToString());
    }

    [SkippableFact]
    public async Task P4_waiting_for_a_request_slot_before_the_lost_answer_must_not_use_up_the_filing_time()
    {
        // A is processed at once and answered after 3 s (it holds the only slot); B waits for the slot, is sent, processed
        // and its answer lost. The server files B's copy 1 s after it sent B, within SentItemsFilingTime (2 s).
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(1));
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(3)), "CreateItem");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { Resolving(TimeSpan.FromSeconds(2))(o); o.MaxConcurrentRequests = 1; });
        var first = sender.SendAsync(TestOptions.Message(m => m.Subject = "A"));
        await Task.Delay(300);
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message(m => m.Subject = "B")));
        await first;

        server.SentMessages.Count(m => m.Subject == "B").Should().Be(1, "B's copy was filed 1 s after it was sent; actual: {0}; lookup {1}; requests {2}",
            Describe(outcome), outcome.Result?.OutcomeLookup?.ToString(), string.Join(", ", server.Requests.Select(r => $"{r.Operation}/{r.HttpStatus}")));
    }

    [SkippableFact]
    public async Task P4_a_slow_server_whose_answer_is_then_lost_gets_the_message_twice()
    {
        // The server needs 3 s before it processes the request (load), then the connection breaks; it files the copy 1 s after
        // sending, well within SentItemsFilingTime (2 s) of the lost answer. (The bundled server applies both queued faults
        // to this one request: Delay before reading, then DropConnectionAfterBodyRead after processing.)
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(1));
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromSeconds(3)), "CreateItem");
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, Resolving(TimeSpan.FromSeconds(2)));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));

        server.SentMessages.Should().HaveCount(1, "actual: {0}; lookup {1}; requests {2}",
            Describe(outcome), outcome.Result?.OutcomeLookup?.ToString(), string.Join(", ", server.Requests.Select(r => $"{r.Operation}/{r.HttpStatus}/{r.Fault}")));
    }

    [SkippableFact]
    public async Task P2_three_call_path_cancelled_while_uploading_create_attachment_deletes_the_draft()
    {
        await using var server = await ServerFixture.StartAsync(o => o.EmulatedVersion = "Exchange2010_SP1");
        using var sender = ServerFixture.Sender(server, o => o.Version = ExchangeVersion.Exchange2010_SP1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        var message = TestOptions.Message(m => m.Attachments.Add(ExchangeAttachment.FromStream("big.bin", new SlowStream(new byte[2 * 1024 * 1024], TimeSpan.FromMilliseconds(100)))));
        var send = () => sender.SendAsync(message, cancel.Token);
        var error = (await send.Should().ThrowAsync<ExchangeSendCanceledException>()).Which;
        error.CancellationToken.Should().Be(cancel.Token);
        error.RequestSent.Should().BeFalse(error.Message);
        error.OutcomeUnknown.Should().BeFalse();
        error.LeftoverDraftItemId.Should().BeNull();
        server.GetFolderItems("drafts").Should().BeEmpty();
        server.SentMessages.Should().BeEmpty();
        (await sender.SendAsync(TestOptions.Message())).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task P2_cancelled_while_resolve_unknown_outcomes_waits_for_a_find_item_answer()
    {
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(30));
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(10)), "FindItem");
        using var sender = ServerFixture.Sender(server, o => { o.ResolveUnknownOutcomes = true; o.SentItemsFilingTime = TimeSpan.FromSeconds(20); });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message(), cancel.Token));

        server.SentMessages.Should().HaveCount(1, "the server did send it");
        var error = outcome.Error.Should().BeOfType<ExchangeSendCanceledException>().Subject;
        error.OutcomeUnknown.Should().BeTrue("actual: {0} (Operation {1}, RequestSent {2})", error.Message, error.Operation, error.RequestSent);
    }

    [SkippableFact]
    public async Task P4_a_server_that_cuts_a_long_subject_as_exchange_does_gets_the_message_twice()
    {
        var stored = new List<(string Id, string Subject, DateTimeOffset At)>();
        var createItems = 0;
        await using var server = new HostileRawServer(r =>
        {
            if (r.Operation == "CreateItem")
            {
                var subject = Ews.Between(r.Body, "<t:Subject>", "</t:Subject>")!;
                var id = Ews.Between(r.Body, "<t:InternetMessageId>", "</t:InternetMessageId>")!;
                lock (stored)
                {
                    // Exchange keeps at most 255 characters of a subject (README, LongSubject warning).
                    stored.Add((id, subject.Length > 255 ? subject[..255] : subject, DateTimeOffset.UtcNow));
                }

                return Interlocked.Increment(ref createItems) == 1 ? RawReply.Dropped() : RawReply.Xml(Ews.CreateItemOk);
            }

            lock (stored)
            {
                return RawReply.Xml(Ews.FindItem(stored.Select((s, i) => Ews.FoundItem(s.Id, s.Subject, s.At, "I" + i)).ToArray()));
            }
        });
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, Resolving(TimeSpan.FromSeconds(1))));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message(m => m.Subject = new string('s', 300))));
        createItems.Should().Be(1, "the server had the message; actual: {0}; lookup {1}", Describe(outcome), outcome.Result?.OutcomeLookup?.ToString());
    }

    [SkippableFact]
    public async Task P4_a_restriction_ignoring_server_makes_resolve_send_twice()
    {
        var createItems = 0;
        var now = DateTimeOffset.UtcNow;
        var others = Enumerable.Range(0, 10).Select(i => Ews.FoundItem($"<other-{i}@example.com>", "Hello", now, "I" + i)).ToArray();
        await using var server = new HostileRawServer(r => r.Operation == "CreateItem"
            ? Interlocked.Increment(ref createItems) == 1 ? RawReply.Dropped() : RawReply.Xml(Ews.CreateItemOk)
            : RawReply.Xml(Ews.FindItem(others)));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, Resolving(TimeSpan.FromSeconds(1))));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        createItems.Should().Be(1, "a server that ignores the restriction proves nothing; actual: {0}; lookup {1}", Describe(outcome), outcome.Result?.OutcomeLookup?.ToString());
    }

    [SkippableFact]
    public async Task P4_a_lookup_that_fails_midway_raises_the_unknown_outcome_and_sends_nothing_more()
    {
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromSeconds(20));
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromMilliseconds(10)), "FindItem");
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorInternalServerError", "internal"), "FindItem");
        using var sender = ServerFixture.Sender(server, Resolving(TimeSpan.FromSeconds(5)));
        var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
        outcome.Error.Should().BeAssignableTo<ExchangeException>().Which.OutcomeUnknown.Should().BeTrue(Describe(outcome));
        server.SentMessages.Should().HaveCount(1);
    }

    [SkippableFact]
    public async Task P4_mime_path_lost_answer_is_found()
    {
        await using var server = await ServerFixture.StartAsync(o => o.SentItemsFilingDelay = TimeSpan.FromMilliseconds(500));
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server, o => { Resolving(TimeSpan.FromSeconds(3))(o); o.MessageFormat = ExchangeMessageFormat.Mime; });
        var result = await sender.SendAsync(TestOptions.Message(m => m.Subject = "Grüße \u00e9 " + new string('x', 120)));
        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.FoundInSentItems, result.OutcomeLookup?.ToString());
        server.SentMessages.Should().HaveCount(1);
    }

    // ---------------------------------------------------------------- 5. secrets

    private const string SecretUser = "svc";
    private const string Secret = "Top-Secret-Pa55";

    private static async Task<(FakeEwsServer Server, ExchangeMailSender Sender, FakeLogCollector Logs, ILoggerFactory Factory)> BasicAsync(Action<ExchangeConnectionOptions>? change = null)
    {
        var server = await ServerFixture.StartAsync(o => o.Authentication = FakeEwsAuthenticationMode.Basic);
        server.AddUser(new FakeEwsUser("svc@example.com", "Service", SecretUser, Secret));
        var logs = new FakeLogCollector();
        var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        var sender = ServerFixture.Sender(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = SecretUser;
            o.Password = Secret;
            o.SenderAddress = "svc@example.com";
            change?.Invoke(o);
        }, factory);
        return (server, sender, logs, factory);
    }

    private static string Base64Credentials => Convert.ToBase64String(Encoding.UTF8.GetBytes(SecretUser + ":" + Secret));

    public static TheoryData<string, string> Echoes => new()
    {
        { "code-cut-short", "CreateItem" },
        { "code-error", "CreateItem" },
        { "class", "CreateItem" },
        { "faultcode", "CreateItem" },
        { "finditem-text", "FindItem" },
        { "finditem-code", "FindItem" },
        { "xml-name", "CreateItem" },
    };

    [SkippableTheory]
    [MemberData(nameof(Echoes))]
    public async Task P5_a_server_that_echoes_the_password_never_gets_it_into_messages_or_logs(string where, string operation)
    {
        var (server, sender, logs, factory) = await BasicAsync(o => o.ResolveUnknownOutcomes = where.StartsWith("finditem", StringComparison.Ordinal));
        await using var _ = server;
        using var __ = sender;
        using var ___ = factory;
        foreach (var echo in new[] { Secret, Base64Credentials })
        {
            var body = where switch
            {
                "code-cut-short" => Ews.Response("CreateItem", Ews.Message("CreateItem", "Error", echo))[..^60],
                "code-error" => Ews.Response("CreateItem", Ews.Message("CreateItem", "Error", echo)),
                "class" => Ews.Response("CreateItem", Ews.Message("CreateItem", echo, "ErrorQuotaExceeded")),
                "faultcode" => Ews.Envelope($"<s:Fault><faultcode>{echo}</faultcode><faultstring>x</faultstring></s:Fault>"),
                "finditem-text" => Ews.Response("FindItem", Ews.Message("FindItem", "Error", "ErrorAccessDenied", text: "denied " + echo)),
                "finditem-code" => Ews.Response("FindItem", Ews.Message("FindItem", "Error", echo)),
                _ => Ews.Envelope($"<{echo.Replace("=", "", StringComparison.Ordinal)}></x>"),
            };
            if (operation == "FindItem")
            {
                server.EnqueueFault(LostUnprocessed, "CreateItem");
            }

            server.EnqueueFault(FakeEwsFault.HttpStatus(where == "faultcode" ? 500 : 200, body, "text/xml; charset=utf-8"), operation);
            var outcome = await TryAsync(() => sender.SendAsync(TestOptions.Message()));
            var text = outcome.Error?.ToString() + (outcome.Error as ExchangeException)?.OutcomeLookup + (outcome.Error as ExchangeServiceException)?.ResponseCode
                + string.Join("\n", logs.GetSnapshot().Select(r => r.Message + r.Exception));
            var plain = echo.Replace("=", "", StringComparison.Ordinal);
            text.Should().NotContain(plain.Length > 12 ? plain[..12] : plain, "{0} echo in {1}: {2}", echo == Secret ? "password" : "base64", where, Describe(outcome));
        }
    }
}
