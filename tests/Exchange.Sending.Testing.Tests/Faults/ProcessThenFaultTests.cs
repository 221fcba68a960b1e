using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>
/// Hostile answers after the work was done: the request is processed (the message really is sent and stored), then the
/// client gets a replaced, cut-short, corrupted or late answer. The server's records still show exactly one message.
/// </summary>
public sealed class ProcessThenFaultTests
{
    private const string SuccessThenError =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" +
        "<m:CreateItemResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\"><m:ResponseMessages>" +
        "<m:CreateItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode><m:Items/></m:CreateItemResponseMessage>" +
        "<m:CreateItemResponseMessage ResponseClass=\"Error\"><m:MessageText>Busy.</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:Items/></m:CreateItemResponseMessage>" +
        "</m:ResponseMessages></m:CreateItemResponse></s:Body></s:Envelope>";

    private static void KeptExactlyOne(FakeEwsServer server, string subject)
    {
        server.SentMessages.Should().ContainSingle().Which.Subject.Should().Be(subject);
        server.GetFolderItems("sentitems").Should().ContainSingle().Which.Subject.Should().Be(subject);
    }

    [Fact]
    public async Task ProcessThenRespond_stores_the_message_and_sends_the_given_body_instead()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var fault = FakeEwsFault.ProcessThenRespond(SuccessThenError);
        server.EnqueueFault(fault, "CreateItem");

        var folder = await server.PostAsync(Soap.GetFolder("IdOnly", "sentitems"));
        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Twice told")));

        folder.ResponseCode.Should().Be("NoError", "the fault waits for CreateItem");
        response.Status.Should().Be(HttpStatusCode.OK);
        response.Text.Should().Be(SuccessThenError);
        response.ContentHeaders!.ContentType!.ToString().Should().Be("text/xml; charset=utf-8");
        response.ContentHeaders.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(SuccessThenError));
        response.Messages.Select(m => m.Attribute("ResponseClass")!.Value).Should().Equal("Success", "Error");
        KeptExactlyOne(server, "Twice told");
        var logged = server.Requests[^1];
        logged.HttpStatus.Should().Be(200);
        logged.ResponseCode.Should().Be("NoError", "the log keeps the real outcome");
        logged.Fault.Should().BeSameAs(fault);
    }

    [Fact]
    public async Task ProcessThenRespond_sends_the_given_status_and_content_type_also_with_an_empty_body()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond("", status: 200));
        server.EnqueueFault(FakeEwsFault.ProcessThenRespond("<html>oops</html>", "text/html", 502));

        var empty = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "First")));
        var gateway = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "Second")));

        empty.Status.Should().Be(HttpStatusCode.OK);
        empty.Text.Should().BeEmpty();
        empty.ContentHeaders!.ContentLength.Should().Be(0);
        empty.ContentHeaders.ContentType!.MediaType.Should().Be("text/xml");
        ((int)gateway.Status).Should().Be(502);
        gateway.Text.Should().Be("<html>oops</html>");
        gateway.ContentHeaders!.ContentType!.MediaType.Should().Be("text/html");
        server.SentMessages.Select(m => m.Subject).Should().Equal("First", "Second");
        server.Requests.Select(r => r.HttpStatus).Should().Equal(200, 502);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    public async Task ProcessThenTruncateResponse_sends_a_complete_HTTP_message_with_cut_XML(int bytes)
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenTruncateResponse(bytes));

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Cut")));
        var whole = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "Whole")));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ContentHeaders!.ContentLength.Should().Be(bytes);
        response.Text.Length.Should().Be(bytes);
        whole.Text.Should().StartWith(response.Text, "the real answer is cut, not replaced");
        var parse = () => XDocument.Parse(response.Text);
        parse.Should().Throw<XmlException>();
        server.SentMessages.Select(m => m.Subject).Should().Equal("Cut", "Whole");
        server.GetFolderItems("sentitems").Should().ContainSingle().Which.Subject.Should().Be("Cut");
    }

    [Fact]
    public async Task ProcessThenTruncateResponse_longer_than_the_answer_still_cuts_its_last_byte()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenTruncateResponse(1_000_000));

        var cut = await server.PostAsync(Soap.GetFolder("IdOnly", "sentitems"));
        var whole = await server.PostAsync(Soap.GetFolder("IdOnly", "sentitems"));

        cut.Text.Should().Be(whole.Text[..^1]);
        cut.ContentHeaders!.ContentLength.Should().Be(whole.Text.Length - 1);
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("&#x1B;")]
    public async Task ProcessThenCorruptResponse_puts_the_text_into_the_response_code(string insert)
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenCorruptResponse(insert));

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Corrupt")));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.Text.Should().Contain($"<m:ResponseCode>{insert}NoError</m:ResponseCode>");
        response.ContentHeaders!.ContentLength.Should().Be(Encoding.UTF8.GetByteCount(response.Text));
        var parse = () => XDocument.Parse(response.Text);
        parse.Should().Throw<XmlException>();
        KeptExactlyOne(server, "Corrupt");
    }

    [Fact]
    public async Task ProcessThenCorruptResponse_after_the_envelope_start_tag()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenCorruptResponse("\u001B", FakeEwsCorruptionSite.AfterEnvelopeStartTag));

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Early")));

        response.Text.Should().Contain("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\u001B<s:Header>");
        response.Text.Should().Contain("<m:ResponseCode>NoError</m:ResponseCode>");
        KeptExactlyOne(server, "Early");
    }

    [Fact]
    public async Task ProcessThenCorruptResponse_of_a_SOAP_fault_corrupts_its_error_code()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenCorruptResponse("X"));

        var response = await server.PostAsync(Soap.Envelope(
            "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id=\"AAMk\"/></m:ItemIds></m:GetItem>"));

        response.Status.Should().Be(HttpStatusCode.InternalServerError);
        response.FaultCode.Should().Be("XErrorInvalidRequest");
    }

    [Fact]
    public async Task ProcessThenDelay_answers_late_after_the_message_was_stored()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(1)));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var post = server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Late")));
        await WaitUntilAsync(() => server.SentMessages.Count == 1);
        var storedAfter = clock.Elapsed;
        var response = await post;

        response.ResponseCode.Should().Be("NoError");
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        storedAfter.Should().BeLessThan(TimeSpan.FromSeconds(1), "the message is stored before the wait");
        KeptExactlyOne(server, "Late");
    }

    [Fact]
    public async Task ProcessThenDelay_past_the_client_timeout_leaves_the_message_stored_and_nobody_answered()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(20)));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };

        var act = () => server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Timed out")), client: impatient);

        await act.Should().ThrowAsync<TaskCanceledException>();
        KeptExactlyOne(server, "Timed out");
        await WaitUntilAsync(() => server.Requests.Count == 1);
        var logged = server.Requests.Single();
        logged.HttpStatus.Should().Be(0);
        logged.ResponseCode.Should().Be("NoError");
        logged.Error.Should().BeNull("the request was read and processed completely");
    }

    [Fact]
    public async Task HttpStatus_answers_a_raw_body_without_processing()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, SuccessThenError, "text/xml; charset=utf-8"));

        var response = await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Never")));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.Text.Should().Be(SuccessThenError);
        server.SentMessages.Should().BeEmpty();
        server.GetFolderItems("sentitems").Should().BeEmpty();
    }

    [Fact]
    public void Factories_refuse_impossible_values()
    {
        ((Action)(() => FakeEwsFault.ProcessThenRespond("x", status: 99))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => FakeEwsFault.ProcessThenRespond(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => FakeEwsFault.ProcessThenTruncateResponse(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => FakeEwsFault.ProcessThenCorruptResponse(""))).Should().Throw<ArgumentException>();
        ((Action)(() => FakeEwsFault.ProcessThenCorruptResponse("x", (FakeEwsCorruptionSite)7))).Should().Throw<ArgumentException>();
        ((Action)(() => FakeEwsFault.ProcessThenDelay(TimeSpan.FromSeconds(-1)))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the server should have got there by now");
            await Task.Delay(10);
        }
    }
}
