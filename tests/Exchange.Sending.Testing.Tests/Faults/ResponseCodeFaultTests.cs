using System.Net;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>An injected response code comes back as a response message of the request's operation (HTTP 200).</summary>
public sealed class ResponseCodeFaultTests
{
    [Fact]
    public async Task ServerBusy_with_back_off_is_a_response_message()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorServerBusy", messageXml: "<t:Value Name=\"BackOffMilliseconds\">24000</t:Value>"));

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ResponseClass.Should().Be("Error");
        response.ResponseCode.Should().Be("ErrorServerBusy");
        response.MessageText.Should().Be("The server cannot service this request right now. Try again later.");
        var value = response.Find("Value")!;
        value.Attribute("Name")!.Value.Should().Be("BackOffMilliseconds");
        value.Value.Should().Be("24000");
        value.Parent!.Name.Should().Be(System.Xml.Linq.XName.Get("MessageXml", Soap.M));
        response.Messages.Single().Name.LocalName.Should().Be("CreateItemResponseMessage");
        server.SentMessages.Should().BeEmpty("a faulted request has no effect");
    }

    [Fact]
    public async Task Custom_code_text_and_class_are_used_once()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorQuotaExceeded", "Mailbox full.", responseClass: "Warning"));

        var first = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));
        var second = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        first.ResponseClass.Should().Be("Warning");
        first.ResponseCode.Should().Be("ErrorQuotaExceeded");
        first.MessageText.Should().Be("Mailbox full.");
        second.ResponseCode.Should().Be("NoError");
    }
}
