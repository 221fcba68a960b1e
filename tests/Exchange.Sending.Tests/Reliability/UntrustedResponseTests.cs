using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>An answer is believed only when it is well-formed and is the answer to what was sent; anything else is a typed
/// error that says what did not fit and, for mail that went out, that the outcome is unknown (with the Message-ID).</summary>
public class UntrustedResponseTests
{
    private const string Envelope = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>
        <s:Body xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">BODY</s:Body></s:Envelope>
        """;

    private static string Reply(string body) => Envelope.Replace("BODY", body, StringComparison.Ordinal);

    private static string Message(string operation, string responseClass, string code, string text = "") =>
        $"<m:{operation}ResponseMessage ResponseClass=\"{responseClass}\">{(text.Length > 0 ? $"<m:MessageText>{text}</m:MessageText>" : "")}<m:ResponseCode>{code}</m:ResponseCode><m:Items/></m:{operation}ResponseMessage>";

    private static string Response(string operation, params string[] messages) =>
        Reply($"<m:{operation}Response><m:ResponseMessages>{string.Concat(messages)}</m:ResponseMessages></m:{operation}Response>");

    private static async Task<ExchangeTransportException> SendExpectingAsync(string body, Action<ExchangeConnectionOptions>? change = null)
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, body, "text/xml; charset=utf-8"));
        using var sender = ServerFixture.Sender(server, change);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeTransportException>()).Which;
        server.Requests.Should().HaveCount(1, "an answer that cannot be believed is never retried");
        return error;
    }

    public static TheoryData<string, string> Contradictions => new()
    {
        { Response("CreateItem", Message("CreateItem", "Success", "NoError"), Message("CreateItem", "Error", "ErrorServerBusy")), "2 response messages where the request named 1" },
        { Response("CreateItem", Message("CreateItem", "Success", "ErrorServerBusy")), "ResponseClass Success but ResponseCode ErrorServerBusy" },
        { Response("CreateItem", Message("CreateItem", "Error", "NoError")), "ResponseClass Error but ResponseCode NoError" },
        { Response("CreateItem", Message("CreateItem", "Maybe", "NoError")), "ResponseClass 'Maybe'" },
        { Response("CreateItem", Message("CreateItem", "Success", "")), "has no ResponseCode" },
        { Response("SendItem", Message("SendItem", "Success", "NoError")), "holds <SendItemResponse> where the answer to CreateItem is <m:CreateItemResponse>" },
        { Response("CreateItem", Message("DeleteItem", "Success", "NoError")), "is <m:DeleteItemResponseMessage>, not <m:CreateItemResponseMessage>" },
        { Reply("<m:CreateItemResponse><m:ResponseMessages/></m:CreateItemResponse>"), "0 response messages where the request named 1" },
    };

    [SkippableTheory]
    [MemberData(nameof(Contradictions))]
    public async Task A_reply_that_is_not_the_answer_to_the_request_is_an_unknown_outcome_naming_what_did_not_fit(string body, string mismatch)
    {
        var error = await SendExpectingAsync(body);
        error.Failure.Should().Be(ExchangeTransportFailure.InvalidResponse);
        error.IsTransient.Should().BeFalse("an unknown outcome is never simply tried again");
        error.OutcomeUnknown.Should().BeTrue("the CreateItem went out whole and a server that answers like this may still have sent it");
        error.HttpStatus.Should().Be(200);
        error.InternetMessageId.Should().NotBeNullOrEmpty();
        error.Message.Should().Contain("the CreateItem response").And.Contain("is not an answer to the request").And.Contain(mismatch)
            .And.Contain($"look for Message-ID {error.InternetMessageId}");
    }

    public static TheoryData<string, string> Broken => new()
    {
        // Cut short after the part that said Success.
        { Response("CreateItem", Message("CreateItem", "Success", "NoError"))[..^40], "Success NoError, which a broken answer does not prove" },
        // A control character in markup, not in text: the markup itself is broken.
        { Response("CreateItem", Message("CreateItem", "Success", "NoError")).Replace("<m:Items/>", "<m:Items\u0001/>", StringComparison.Ordinal), "not well-formed XML at line 3" },
        // An unclosed element.
        { Reply("<m:CreateItemResponse><m:ResponseMessages>"), "not well-formed XML" },
        // Cut short before the envelope's first element ended: meant as XML, so a broken answer, not "not EWS".
        { "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envel", "not well-formed XML at line 1" },
    };

    [SkippableTheory]
    [MemberData(nameof(Broken))]
    public async Task Xml_that_breaks_off_or_breaks_after_the_envelope_began_is_a_typed_unknown_outcome_with_the_position(string body, string expected)
    {
        var error = await SendExpectingAsync(body);
        error.Failure.Should().Be(ExchangeTransportFailure.InvalidResponse);
        error.OutcomeUnknown.Should().BeTrue();
        error.InnerException.Should().BeOfType<System.Xml.XmlException>();
        error.Message.Should().Contain("the CreateItem response").And.Contain("is not well-formed XML at line").And.Contain(expected)
            .And.Contain($"look for Message-ID {error.InternetMessageId}");
    }

    [SkippableTheory]
    [InlineData("\u0001")]
    [InlineData("&#x1B;")]
    [InlineData("&#1;")]
    public async Task Control_characters_in_text_are_tolerated_and_shown_as_code_points(string control)
    {
        // Exchange copies item text (a subject with an escape character) into MessageText; the answer is still the answer.
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, Response("CreateItem", Message("CreateItem", "Error", "ErrorInvalidRecipients", $"Bad{control}subject")), "text/xml"));
        using var sender = ServerFixture.Sender(server);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.ToString().Should().Be("ErrorInvalidRecipients");
        error.Message.Should().Contain(control == "&#x1B;" ? "BadU+001Bsubject" : "BadU+0001subject");
        error.OutcomeUnknown.Should().BeFalse();
    }

    [SkippableFact]
    public async Task A_server_message_text_with_a_raw_control_character_is_read_and_shown_as_a_code_point()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorInvalidRecipients", "Recipient \u0001 unknown"), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var send = () => sender.SendAsync(TestOptions.Message());
        var error = (await send.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.Message.Should().Contain("Recipient U+0001 unknown");
    }

    [SkippableFact]
    public async Task A_success_whose_text_holds_a_control_character_is_a_send()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, Response("CreateItem", Message("CreateItem", "Success", "NoError", "ok\u0001")), "text/xml"));
        using var sender = ServerFixture.Sender(server);
        var result = await sender.SendAsync(TestOptions.Message());
        result.ServerVersion!.MajorBuildNumber.Should().Be(2507);
    }

    [SkippableFact]
    public async Task A_200_soap_envelope_without_an_ews_response_to_a_send_may_have_been_processed()
    {
        var error = await SendExpectingAsync(Reply("<x:Other xmlns:x=\"urn:other\"/>"));
        error.Failure.Should().Be(ExchangeTransportFailure.NotEws);
        error.OutcomeUnknown.Should().BeTrue();
        error.Message.Should().Contain("without an EWS response").And.Contain("may be an EWS server that processed the request")
            .And.Contain($"look for Message-ID {error.InternetMessageId}");
    }

    [SkippableFact]
    public async Task A_200_xml_document_that_is_not_soap_to_a_send_may_have_been_processed()
    {
        var error = await SendExpectingAsync("<?xml version=\"1.0\"?><status>queued</status>");
        error.Failure.Should().Be(ExchangeTransportFailure.NotEws);
        error.OutcomeUnknown.Should().BeTrue();
    }

    [SkippableFact]
    public async Task The_connection_check_reports_a_broken_answer_as_a_failed_step_and_does_not_throw()
    {
        await using var server = await ServerFixture.StartAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(200, Response("GetFolder", "<m:GetFolderResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode>")[..^30], "text/xml"));
        using var sender = ServerFixture.Sender(server);
        var check = await sender.TestConnectionAsync();
        check.Succeeded.Should().BeFalse();
        check.Error.Should().BeOfType<ExchangeTransportException>().Which.Failure.Should().Be(ExchangeTransportFailure.InvalidResponse);
        check.Error!.OutcomeUnknown.Should().BeFalse("GetFolder sends nothing");
        check.Error.Message.Should().Contain("GetFolder does not send mail");
    }
}
