using System.Text;
using Exchange.Sending.Ews;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Ews;

public class EwsResponseReaderTests
{
    private static Task<EwsResponse> ReadAsync(string xml) =>
        EwsResponseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), CancellationToken.None);

    [SkippableFact]
    public async Task Reads_success_and_server_version_from_microsofts_sample()
    {
        var dir = EwsSchema.RequireDirectory();
        var response = await ReadAsync(File.ReadAllText(Path.Combine(dir, "samples", "response-success.xml")));
        response.ServerVersion.Should().Be(new ExchangeServerVersionInfo(15, 1, 2507, 6, "V2017_07_11"));
        response.Messages.Should().ContainSingle().Which.IsSuccess.Should().BeTrue();
        response.Messages[0].ResponseCode.Should().Be("NoError");
    }

    [SkippableFact]
    public async Task Reads_error_code_and_back_off_from_a_response_message()
    {
        var dir = EwsSchema.RequireDirectory();
        var response = await ReadAsync(File.ReadAllText(Path.Combine(dir, "samples", "response-busy.xml")));
        var message = response.Messages.Should().ContainSingle().Subject;
        message.ResponseClass.Should().Be("Error");
        message.ResponseCode.Should().Be("ErrorServerBusy");
        message.BackOffMilliseconds.Should().Be(24000);
        message.MessageText.Should().StartWith("The server cannot service this request");
    }

    [Fact]
    public async Task Reads_a_soap_fault_by_namespace_not_prefix()
    {
        const string xml = """
            <x:Envelope xmlns:x="http://schemas.xmlsoap.org/soap/envelope/"><x:Body><x:Fault>
              <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorInvalidServerVersion</faultcode>
              <faultstring xml:lang="de-DE">Die angegebene Serverversion ist ungültig.</faultstring>
              <detail><z:ResponseCode xmlns:z="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorInvalidServerVersion</z:ResponseCode>
              <z:Message xmlns:z="http://schemas.microsoft.com/exchange/services/2006/errors">Die angegebene Serverversion ist ungültig.</z:Message></detail>
            </x:Fault></x:Body></x:Envelope>
            """;
        var fault = (await ReadAsync(xml)).Fault!;
        fault.Code.Should().Be("ErrorInvalidServerVersion");
        fault.FaultString.Should().Be("Die angegebene Serverversion ist ungültig.");
    }

    [Fact]
    public async Task Fault_code_without_detail_still_gives_the_ews_code()
    {
        const string xml = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
              <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>
              <faultstring>busy</faultstring>
              <detail><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">1500</t:Value></t:MessageXml></detail>
            </s:Fault></s:Body></s:Envelope>
            """;
        var fault = (await ReadAsync(xml)).Fault!;
        fault.Code.Should().Be("ErrorServerBusy");
        fault.BackOffMilliseconds.Should().Be(1500);
    }

    [Fact]
    public async Task Reads_the_mailboxes_of_a_resolve_names_answer_and_skips_their_contact_data()
    {
        const string M = "http://schemas.microsoft.com/exchange/services/2006/messages", T = "http://schemas.microsoft.com/exchange/services/2006/types";
        var response = await ReadAsync($"""<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/><s:Body><m:ResolveNamesResponse xmlns:m="{M}" xmlns:t="{T}"><m:ResponseMessages><m:ResolveNamesResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:ResolutionSet TotalItemsInView="1" IncludesLastItemInRange="true"><t:Resolution><t:Mailbox><t:Name>User Three</t:Name><t:EmailAddress>user3@example.test</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType><t:MailboxType>Mailbox</t:MailboxType></t:Mailbox><t:Contact><t:DisplayName>Other</t:DisplayName><t:EmailAddresses><t:Entry Key="EmailAddress1">SMTP:x@example.test</t:Entry></t:EmailAddresses></t:Contact></t:Resolution></m:ResolutionSet></m:ResolveNamesResponseMessage></m:ResponseMessages></m:ResolveNamesResponse></s:Body></s:Envelope>""");
        var message = response.Messages.Should().ContainSingle().Subject;
        message.Resolutions.Select(r => (r.Name, r.EmailAddress)).Should().Equal(("User Three", "user3@example.test"));
    }

    [Fact]
    public async Task Reads_ids_from_save_only_and_create_attachment_responses()
    {
        const string xml = """
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
            <m:CreateAttachmentResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
             <m:ResponseMessages><m:CreateAttachmentResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode>
              <m:Attachments><t:FileAttachment><t:AttachmentId Id="ATT1" RootItemId="ITEM1" RootItemChangeKey="CK2"/></t:FileAttachment></m:Attachments>
             </m:CreateAttachmentResponseMessage></m:ResponseMessages></m:CreateAttachmentResponse></s:Body></s:Envelope>
            """;
        var message = (await ReadAsync(xml)).Messages.Single();
        (message.AttachmentId, message.RootItemId, message.RootItemChangeKey).Should().Be(("ATT1", "ITEM1", "CK2"));
    }

    [Theory]
    [InlineData("<html><body>Sign in</body></html>")]
    [InlineData("Service Unavailable")]
    [InlineData("")]
    public async Task Non_soap_bodies_are_recognised(string body)
    {
        var read = () => ReadAsync(body);
        await read.Should().ThrowAsync<EwsNotSoapException>();
    }
}
