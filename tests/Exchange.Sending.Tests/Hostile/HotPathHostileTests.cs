using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Exchange.Sending.Ews;
using Exchange.Sending.Tests.Reliability;
using Exchange.Sending.Tests.Support;
using Exchange.Sending.Transport;
using FluentAssertions;
using RawEws = Exchange.Sending.Tests.Reliability.Ews;

namespace Exchange.Sending.Tests.Hostile;

/// <summary>Hostile inputs against the hot path made faster for issue 10: the repeated-answer reading, the name and value
/// caches, the pooled timeout sources, the media type read as text, the secret snapshot and the shared empty spool.</summary>
public class HotPathHostileTests
{
    private static string Ok => RawEws.Response("CreateItem", RawEws.Message("CreateItem", "Success", "NoError", "<m:Items/>"));
    private static string Denied => RawEws.Response("CreateItem", RawEws.Message("CreateItem", "Error", "ErrorSendAsDenied", "<m:Items/>"));

    private static async Task<string> OutcomeAsync(Func<Task> send)
    {
        try
        {
            await send();
            return "Sent";
        }
        catch (Exception ex)
        {
            var e = ex as ExchangeException;
            return $"{ex.GetType().Name} status={e?.HttpStatus} unknown={e?.OutcomeUnknown} transient={e?.IsTransient} "
                + (ex is ExchangeServiceException s ? "code=" + s.ResponseCode : "") + (ex is ExchangeTransportException t ? "failure=" + t.Failure : "")
                + (ex.GetType() == typeof(ExchangeException) ? " " + ex.Message : "");
        }
    }

    // ---------- 1. same bytes, different status / type ----------

    [Fact]
    public async Task Same_body_with_changing_status_and_type_is_judged_by_each_answers_own_status_and_type()
    {
        var steps = new (int Status, string Type)[] { (200, "text/xml"), (500, "text/xml"), (200, "text/html"), (200, "text/xml"), (500, "text/xml"), (503, "text/xml"), (200, "text/xml") };
        foreach (var body in new[] { Ok, Denied })
        {
            async Task<List<string>> RunAsync(bool vary)
            {
                var i = 0;
                await using var server = new HostileRawServer(r =>
                {
                    var (status, type) = steps[Math.Min(i, steps.Length - 1)];
                    // The oracle varies the bytes (trailing spaces), so that nothing can be taken from an earlier answer.
                    var bytes = Encoding.UTF8.GetBytes(body + (vary ? new string(' ', i + 1) : ""));
                    i++;
                    return RawReply.Bytes(bytes, type, status);
                });
                using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
                var outcomes = new List<string>();
                foreach (var _ in steps)
                {
                    outcomes.Add(await OutcomeAsync(() => sender.SendAsync(TestOptions.Message())));
                }

                return outcomes;
            }

            var same = await RunAsync(vary: false);
            var varied = await RunAsync(vary: true);
            same.Should().Equal(varied, "identical bytes must give what distinct bytes give, step by step");
        }
    }

    // ---------- 2. alternating near-identical error / success, concurrent ----------

    [Fact]
    public async Task Alternating_error_and_success_answers_on_many_threads_each_give_their_own_result()
    {
        await using var server = new HostileRawServer(r => RawReply.Xml(r.Body.Contains("deny-me", StringComparison.Ordinal) ? Denied : Ok));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o => o.MaxConcurrentRequests = 16));
        var wrong = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (var n = 0; n < 40; n++)
            {
                var deny = (n + t) % 2 == 0;
                var outcome = await OutcomeAsync(() => sender.SendAsync(TestOptions.Message(m => m.Subject = deny ? "deny-me" : "let-me")));
                var expected = deny ? "ExchangeServiceException" : "Sent";
                if (!outcome.StartsWith(expected, StringComparison.Ordinal))
                {
                    wrong.Add($"thread {t} send {n} deny={deny}: {outcome}");
                }
            }
        })));
        wrong.Should().BeEmpty();
    }

    // ---------- 3. Content-Type ----------

    public static TheoryData<string> ContentTypes => new()
    {
        "TEXT/XML", "application/soap+xml; charset=utf-8", "text/xml;charset=utf-8", "text/html; charset=xml", " text/xml ",
        "text/xml garbage", "xml", "text/xml, text/html", "text/html, text/xml", "text/xml;", ";text/xml", "text/plain; xml=1", "text/xmlx",
        "application/xhtml+xml", "\"text/xml\"", "text / xml", "text/xml; charset=\"utf-8", "text/html (xml)",
    };

    private static string OldMediaType(string value)
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", value);
        return response.Content.Headers.ContentType?.MediaType ?? "";
    }

    private static string NewMediaType(params string[] values)
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        foreach (var v in values)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", v);
        }

        return EwsTransport.MediaTypeOf(response.Content.Headers);
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public void Media_type_read_as_text_counts_as_xml_exactly_when_the_parsed_header_did(string value)
    {
        var before = OldMediaType(value).Contains("xml", StringComparison.OrdinalIgnoreCase);
        var now = NewMediaType(value).Contains("xml", StringComparison.OrdinalIgnoreCase);
        now.Should().Be(before, $"Content-Type '{value}': before '{OldMediaType(value)}', now '{NewMediaType(value)}'");
    }

    [Fact]
    public void Two_content_type_values_count_as_xml_exactly_when_the_parsed_header_did()
    {
        using var response = new HttpResponseMessage { Content = new ByteArrayContent([]) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "text/xml");
        response.Content.Headers.TryAddWithoutValidation("Content-Type", "text/html");
        var before = response.Content.Headers.ContentType?.MediaType ?? "";
        NewMediaType("text/xml", "text/html").Contains("xml", StringComparison.OrdinalIgnoreCase)
            .Should().Be(before.Contains("xml", StringComparison.OrdinalIgnoreCase), $"before '{before}', now '{NewMediaType("text/xml", "text/html")}'");
    }

    public static TheoryData<string?, string[], bool> WireContentTypes => new()
    {
        { null, [], false },
        { "TEXT/XML", [], true },
        { "application/soap+xml; charset=utf-8", [], true },
        { "text/xml;charset=utf-8", [], true },
        { "text/html; charset=xml", [], false },
        { " text/xml ", [], true },
        { "text/xml", ["Content-Type: text/html"], true }, // 45295cb also sent (checked)
        { "text/html", ["Content-Type: text/xml"], false },
        { "text/xml garbage", [], false },
        { "xml", [], false },
    };

    [Theory]
    [MemberData(nameof(WireContentTypes))]
    public async Task Content_type_on_the_wire_is_judged_as_before(string? contentType, string[] extra, bool parsedHeaderSaysXml)
    {
        await using var server = new HostileRawServer(r => RawReply.Bytes(Encoding.UTF8.GetBytes(Ok), contentType, 200, extra));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server));
        var outcome = await OutcomeAsync(() => sender.SendAsync(TestOptions.Message()));
        (outcome == "Sent").Should().Be(parsedHeaderSaysXml, $"Content-Type '{contentType}' + [{string.Join(", ", extra)}]: {outcome}");
    }

    // ---------- 4. timeouts and cancellation ----------

    [Fact]
    public async Task After_a_timed_out_send_the_next_sends_succeed()
    {
        var i = 0;
        await using var server = new HostileRawServer(r => Interlocked.Increment(ref i) % 3 == 1
            ? new RawReply { Body = Encoding.UTF8.GetBytes(Ok), Delay = TimeSpan.FromMilliseconds(1800) }
            : RawReply.Xml(Ok));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o => o.RequestTimeout = TimeSpan.FromSeconds(1)));
        for (var round = 0; round < 3; round++)
        {
            (await OutcomeAsync(() => sender.SendAsync(TestOptions.Message()))).Should().Contain("Timeout", $"round {round}: the server waited 700 ms");
            (await OutcomeAsync(() => sender.SendAsync(TestOptions.Message()))).Should().Be("Sent", $"round {round}, first after the timeout");
            (await OutcomeAsync(() => sender.SendAsync(TestOptions.Message()))).Should().Be("Sent", $"round {round}, second after the timeout");
        }
    }

    [Fact]
    public async Task A_callers_token_cancelled_after_its_send_does_not_cancel_later_sends()
    {
        await using var server = new HostileRawServer(r => RawReply.Xml(Ok));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o => o.MaxConcurrentRequests = 1));
        for (var n = 0; n < 50; n++)
        {
            using var first = new CancellationTokenSource();
            (await OutcomeAsync(() => sender.SendAsync(TestOptions.Message(), first.Token))).Should().Be("Sent");
            var next = sender.SendAsync(TestOptions.Message());
            first.Cancel();
            (await OutcomeAsync(() => next)).Should().Be("Sent", $"round {n}");
        }
    }

    [Fact]
    public async Task Many_concurrent_sends_some_cancelled_each_end_as_their_own_token_says()
    {
        var random = new Random(7);
        await using var server = new HostileRawServer(async r =>
        {
            await Task.Delay(Random.Shared.Next(0, 30));
            return RawReply.Xml(Ok);
        });
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o => { o.MaxConcurrentRequests = 8; o.RequestTimeout = TimeSpan.FromSeconds(20); }));
        var wrong = new ConcurrentBag<string>();
        var tasks = Enumerable.Range(0, 300).Select(n =>
        {
            var cancel = n % 3 == 0;
            var delay = random.Next(0, 40);
            return Task.Run(async () =>
            {
                using var cts = new CancellationTokenSource();
                if (cancel)
                {
                    cts.CancelAfter(delay);
                }

                var outcome = await OutcomeAsync(() => sender.SendAsync(TestOptions.Message(), cts.Token));
                if (!cancel && outcome != "Sent")
                {
                    wrong.Add($"send {n} (not cancelled): {outcome}");
                }

                if (cancel && outcome != "Sent" && !outcome.StartsWith("ExchangeSendCanceledException", StringComparison.Ordinal))
                {
                    wrong.Add($"send {n} (cancelled after {delay} ms): {outcome}");
                }
            });
        });
        await Task.WhenAll(tasks);
        wrong.Should().BeEmpty();
    }

    [Fact]
    public async Task Disposing_the_sender_with_sends_in_flight_ends_each_with_a_typed_error_and_no_hang()
    {
        await using var server = new HostileRawServer(async r =>
        {
            await Task.Delay(200);
            return RawReply.Xml(Ok);
        });
        var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o => o.MaxConcurrentRequests = 4));
        var sends = Enumerable.Range(0, 20).Select(_ => OutcomeAsync(() => sender.SendAsync(TestOptions.Message()))).ToArray();
        await Task.Delay(100);
        sender.Dispose();
        var all = Task.WhenAll(sends);
        (await Task.WhenAny(all, Task.Delay(10_000))).Should().BeSameAs(all, "every send ends after disposal");
        var results = await all;
        results.Should().AllSatisfy(o => o.Should().MatchRegex("^(Sent|ExchangeTransportException.*|ObjectDisposedException.*|ExchangeSendCanceledException.*|ExchangeException.*disposed.*)$"));
        results.Should().NotContain(o => o.Contains("Timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pooled_source_whose_timer_fires_as_it_is_returned_does_not_cancel_the_next_request()
    {
        // The timer of CancelAfter fires on the thread pool; TryReset stops a timer that has not fired yet, but not a
        // callback already dispatched. The window: a request that ends just as its timeout is due.
        var timeouts = new RequestTimeouts(64);
        using var lifetime = new CancellationTokenSource();
        var spurious = 0;
        var rounds = 0;
        await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount * 2).Select(_ => Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(6);
            while (DateTime.UtcNow < deadline)
            {
                Interlocked.Increment(ref rounds);
                var lease = timeouts.Start(TimeSpan.FromMilliseconds(1), reusable: true, lifetime.Token, CancellationToken.None);
                var until = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency / 1000 * Random.Shared.Next(0, 3);
                while (System.Diagnostics.Stopwatch.GetTimestamp() < until && !lease.Token.IsCancellationRequested)
                {
                }

                lease.Dispose();
                var next = timeouts.Start(TimeSpan.FromMinutes(5), reusable: true, lifetime.Token, CancellationToken.None);
                await Task.Yield();
                if (next.Token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref spurious);
                }

                next.Dispose();
            }
        })));
        spurious.Should().Be(0, $"a request with a 5-minute timeout was cancelled at once ({spurious} of {rounds} rounds)");
    }

    // ---------- 5. secrets ----------

    private const string User = "svc-mailer";
    private const string Password = "Pw-Zq7!xK"; // "svc-mailer:Pw-Zq7!xK" is 20 bytes: base64 ends with one '='

    private static IEnumerable<string> SecretForms(string? domain)
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes((domain is null ? User : domain + "\\" + User) + ":" + Password));
        yield return Password;
        yield return b64;
        yield return b64.TrimEnd('=');
    }

    public static TheoryData<string, string?> EchoPlaces => new()
    {
        { "code", null }, { "text", null }, { "fault", null }, { "page", null },
        { "code", "CORP" }, { "text", "CORP" }, { "fault", "CORP" }, { "page", "CORP" },
    };

    [Theory]
    [MemberData(nameof(EchoPlaces))]
    public async Task A_server_echoing_basic_credentials_does_not_put_them_in_the_error(string where, string? domain)
    {
        await using var server = new HostileRawServer(r =>
        {
            var auth = r.Headers.TryGetValue("Authorization", out var a) ? a : "(none)";
            var b64 = auth.StartsWith("Basic ", StringComparison.Ordinal) ? auth[6..] : auth;
            var echo = $"{auth} | {b64} | {b64.TrimEnd('=')}";
            var escaped = System.Security.SecurityElement.Escape(echo);
            return where switch
            {
                "code" => RawReply.Xml(RawEws.Response("CreateItem", RawEws.Message("CreateItem", "Error", "Err" + b64.TrimEnd('=').Replace("+", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal), "<m:Items/>")), 500),
                "text" => RawReply.Xml(RawEws.Response("CreateItem", RawEws.Message("CreateItem", "Error", "ErrorAccessDenied", "<m:Items/>", escaped)), 500),
                "fault" => RawReply.Xml($"<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"{RawEws.Soap}\"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>{escaped}</faultstring></s:Fault></s:Body></s:Envelope>", 500),
                _ => RawReply.Bytes(Encoding.UTF8.GetBytes($"<html><body>Forbidden: {escaped}</body></html>"), "text/html", 403),
            };
        });
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o =>
        {
            o.AuthenticationType = ExchangeAuthenticationType.Basic;
            o.UserName = User;
            o.Password = Password;
            o.Domain = domain;
        }));
        for (var n = 0; n < 3; n++)
        {
            var send = () => sender.SendAsync(TestOptions.Message());
            var error = (await send.Should().ThrowAsync<Exception>()).Which;
            var shown = error.ToString() + (error as ExchangeServiceException)?.ServerMessage + (error as ExchangeServiceException)?.ResponseCode;
            foreach (var secret in SecretForms(domain))
            {
                shown.Should().NotContain(secret, $"send {n}, echoed in {where}");
            }
        }

        server.Requests.Should().NotBeEmpty();
    }

    [Fact]
    public void Secrets_added_by_concurrent_requests_are_all_masked()
    {
        // Token rotation under load: several requests apply new Authorization values at once.
        var missed = new List<string>();
        for (var round = 0; round < 300 && missed.Count == 0; round++)
        {
            var redactor = new SecretRedactor(TestOptions.Valid());
            var tokens = Enumerable.Range(0, 8).Select(i => $"tok{round}x{i}" + new string((char)('a' + i), 20)).ToArray();
            AddAtOnce(redactor, tokens);
            foreach (var token in tokens)
            {
                if (redactor.Redact("echo " + token)!.Contains(token, StringComparison.Ordinal))
                {
                    missed.Add($"round {round}: {token}");
                }
            }
        }

        missed.Should().BeEmpty("every Authorization value a request carried is a secret");
    }

    [Fact]
    public void One_new_token_applied_by_concurrent_requests_is_masked_alone()
    {
        // The same new Authorization value on several requests at once: one adds "Bearer X", another "X".
        var single = new SecretRedactor(TestOptions.Valid());
        using (var one = new HttpRequestMessage())
        {
            one.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJsingle" + new string('k', 40));
            single.AddFrom(one);
        }

        single.Redact("x eyJsingle" + new string('k', 40)).Should().NotContain("eyJsingle", "one thread alone masks the bare token");
        var missed = new List<string>();
        for (var round = 0; round < 2000 && missed.Count == 0; round++)
        {
            var redactor = new SecretRedactor(TestOptions.Valid());
            var token = $"eyJ{round}" + new string('k', 40);
            AddAtOnce(redactor, [token, token, token, token]);
            if (redactor.Redact("error_description=" + token)!.Contains(token, StringComparison.Ordinal))
            {
                missed.Add($"round {round}: the bare token is not masked");
            }
        }

        missed.Should().BeEmpty();
    }

    [Fact]
    public async Task Messages_without_attachments_share_nothing_with_messages_that_have_them()
    {
        await using var server = new HostileRawServer(r => RawReply.Xml(Ok));
        using var sender = new ExchangeMailSender(ReliabilitySupport.RawOptions(server, o => o.MaxConcurrentRequests = 8));
        var message = TestOptions.Message();
        (await OutcomeAsync(() => sender.SendAsync(message))).Should().Be("Sent");
        message.Attachments.Add(ExchangeAttachment.FromBytes("late.txt", "late"u8.ToArray(), "text/plain"));
        (await OutcomeAsync(() => sender.SendAsync(message))).Should().Be("Sent");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => OutcomeAsync(() => sender.SendAsync(TestOptions.Message(m =>
        {
            m.Subject = "s" + i;
            if (i % 2 == 0)
            {
                m.Attachments.Add(ExchangeAttachment.FromStream("a" + i + ".txt", new MemoryStream(Encoding.ASCII.GetBytes("payload" + i)), "text/plain"));
            }
        })))));
        outcomes.Should().AllBe("Sent");
        var bodies = server.Requests.Select(r => r.Body).ToList();
        bodies[0].Should().NotContain("FileAttachment");
        bodies[1].Should().Contain("late.txt");
        foreach (var i in Enumerable.Range(0, 40))
        {
            var body = bodies.Single(b => b.Contains($">s{i}<", StringComparison.Ordinal));
            if (i % 2 == 0)
            {
                body.Should().Contain($"a{i}.txt").And.Contain(Convert.ToBase64String(Encoding.ASCII.GetBytes("payload" + i)));
            }
            else
            {
                body.Should().NotContain("FileAttachment", $"message s{i} has none");
            }
        }
    }

    // ---------- 6. reader agreement ----------

    private static string Outcome(Func<EwsResponse> parse)
    {
        try
        {
            return JsonSerializer.Serialize(parse());
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static string Doc(string versionAttributes, string header = "", string code = "NoError", string text = "", string bodyWrap = "")
    {
        var t = RawEws.T;
        return $"<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"{RawEws.Soap}\"><s:Header>{header}<h:ServerVersionInfo xmlns:h=\"{t}\" {versionAttributes}/></s:Header>"
            + $"<s:Body><m:CreateItemResponse xmlns:m=\"{RawEws.M}\" xmlns:t=\"{t}\"><m:ResponseMessages><m:CreateItemResponseMessage ResponseClass=\"{(code == "NoError" ? "Success" : "Error")}\">"
            + (text.Length > 0 ? $"<m:MessageText>{text}</m:MessageText>" : "") + $"<m:ResponseCode>{code}</m:ResponseCode><m:Items/></m:CreateItemResponseMessage></m:ResponseMessages></m:CreateItemResponse></s:Body></s:Envelope>";
    }

    private const string Version = "MajorVersion=\"15\" MinorVersion=\"1\" MajorBuildNumber=\"2507\" MinorBuildNumber=\"6\" Version=\"V2017_07_11\"";

    public static IEnumerable<object[]> Documents()
    {
        foreach (var count in new[] { 11, 12, 16, 17, 32, 59, 60, 63, 64, 65, 100 })
        {
            yield return [$"{count} extra attributes", Doc(Version + string.Concat(Enumerable.Range(0, count).Select(i => $" x{i}=\"v{i}\"")))];
        }

        yield return ["long attribute names", Doc(Version + " " + new string('a', 33) + "=\"1\" " + new string('a', 32) + "=\"2\" " + new string('a', 31) + "=\"3\" " + new string('b', 200) + "=\"4\"")];
        yield return ["long value", Doc(Version.Replace("V2017_07_11", new string('V', 33), StringComparison.Ordinal))];
        yield return ["32-byte value", Doc(Version.Replace("V2017_07_11", new string('V', 32), StringComparison.Ordinal))];
        yield return ["entity in value", Doc(Version.Replace("V2017_07_11", "V&amp;2017", StringComparison.Ordinal))];
        yield return ["line end in value", Doc(Version.Replace("V2017_07_11", "V2017\n07\r\n11\t", StringComparison.Ordinal))];
        yield return ["non-ASCII value", Doc(Version.Replace("V2017_07_11", "V2017_é_✓", StringComparison.Ordinal))];
        yield return ["char refs in number", Doc(Version.Replace("\"15\"", "\"&#49;5\"", StringComparison.Ordinal))];
        yield return ["spaces in number", Doc(Version.Replace("\"15\"", "\" 15 \"", StringComparison.Ordinal))];
        yield return ["code with entity", Doc(Version, code: "Error&amp;SendAsDenied")];
        yield return ["code with line end", Doc(Version, code: "ErrorSendAsDenied\r\n")];
        yield return ["code non-ASCII", Doc(Version, code: "ErrorSendAsDeniéd")];
        yield return ["text with ]]>", Doc(Version, code: "ErrorAccessDenied", text: "a]]>b")];
        yield return ["text with CR only", Doc(Version, code: "ErrorAccessDenied", text: "a\rb")];
        yield return ["text 32 ASCII", Doc(Version, code: "ErrorAccessDenied", text: new string('q', 32))];
        yield return ["DEL char in code", Doc(Version, code: "Error\u007fX")];
        yield return ["long element name", Doc(Version, header: $"<{new string('h', 40)} xmlns=\"urn:x\"/>")];
        var deep = string.Concat(Enumerable.Range(0, 70).Select(i => $"<d{i} xmlns:p{i}=\"urn:p{i}\" xmlns=\"urn:q{i}\">")) + string.Concat(Enumerable.Range(0, 70).Reverse().Select(i => $"</d{i}>"));
        yield return ["deep namespace scopes in header", Doc(Version, header: deep)];
        var wide = "<w " + string.Concat(Enumerable.Range(0, 63).Select(i => $" xmlns:n{i}=\"urn:n{i}\"")) + "/>";
        yield return ["63 declarations on one element", Doc(Version, header: wide)];
        yield return ["prefix redeclared", Doc(Version.Replace("MajorVersion", "h:MajorVersion", StringComparison.Ordinal))];
        yield return ["xmlns as element name", Doc(Version, header: "<xmlns xmlns=\"urn:x\"/>")];
        yield return ["attribute named xmlns2", Doc(Version + " xmlns2=\"urn:y\"")];
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Hostile_answers_read_as_XmlReader_alone_reads_them_also_when_repeated_and_interleaved(string name, string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var other = Encoding.UTF8.GetBytes(Doc(Version));
        var expected = Outcome(() => EwsResponseReader.ParseWithXmlReader(bytes, CancellationToken.None));
        for (var n = 0; n < 4; n++)
        {
            Outcome(() => EwsResponseReader.Parse(bytes, CancellationToken.None)).Should().Be(expected, $"{name}, read {n}");
            Outcome(() => EwsResponseReader.Parse(bytes, CancellationToken.None)).Should().Be(expected, $"{name}, read {n} again");
            Outcome(() => EwsResponseReader.Parse(other, CancellationToken.None)).Should().Be(Outcome(() => EwsResponseReader.ParseWithXmlReader(other, CancellationToken.None)));
        }
    }

    [Fact]
    public void After_the_name_table_is_replaced_answers_still_read_as_XmlReader_reads_them()
    {
        var bytes = Encoding.UTF8.GetBytes(Doc(Version));
        var expected = Outcome(() => EwsResponseReader.ParseWithXmlReader(bytes, CancellationToken.None));
        Outcome(() => EwsResponseReader.Parse(bytes, CancellationToken.None)).Should().Be(expected);
        for (var round = 0; round < 3; round++)
        {
            // Over 4096 distinct names fill the thread's table, which is then replaced.
            var many = Doc(Version, header: string.Concat(Enumerable.Range(0, 5000).Select(i => $"<z{round}n{i} xmlns=\"urn:z\"/>")));
            var manyBytes = Encoding.UTF8.GetBytes(many);
            Outcome(() => EwsResponseReader.Parse(manyBytes, CancellationToken.None)).Should().Be(Outcome(() => EwsResponseReader.ParseWithXmlReader(manyBytes, CancellationToken.None)));
            var mutated = Encoding.UTF8.GetBytes(Doc(Version, code: "ErrorSendAsDenied"));
            Outcome(() => EwsResponseReader.Parse(mutated, CancellationToken.None)).Should().Be(Outcome(() => EwsResponseReader.ParseWithXmlReader(mutated, CancellationToken.None)), $"round {round}");
            Outcome(() => EwsResponseReader.Parse(bytes, CancellationToken.None)).Should().Be(expected, $"round {round}");
        }
    }

    // Each value as the Authorization of a request of its own, all applied at the same moment from threads of their own.
    private static void AddAtOnce(SecretRedactor redactor, string[] tokens)
    {
        using var start = new Barrier(tokens.Length);
        var threads = tokens.Select(token => new Thread(() =>
        {
            using var request = new HttpRequestMessage();
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            start.SignalAndWait();
            redactor.AddFrom(request);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
    }
}
