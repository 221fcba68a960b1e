using System.Net;
using System.Xml.Linq;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>Injected SOAP faults have Exchange's shape: HTTP 500, faultcode in the types namespace, detail in the errors namespace.</summary>
public sealed class SoapFaultTests
{
    [Fact]
    public async Task Fault_has_exchange_shape()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.SoapFault("ErrorInternalServerError", "Boom.", "<t:Value Name=\"X\">1</t:Value>"));

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Status.Should().Be(HttpStatusCode.InternalServerError);
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("text/xml");
        var fault = response.Fault!;
        var faultCode = fault.Element("faultcode")!;
        faultCode.Value.Should().Be("a:ErrorInternalServerError");
        faultCode.GetNamespaceOfPrefix("a")!.NamespaceName.Should().Be(Soap.T);
        fault.Element("faultstring")!.Value.Should().Be("Boom.");
        fault.Element("faultstring")!.Attribute(XNamespace.Xml + "lang")!.Value.Should().Be("en-US");
        var detail = fault.Element("detail")!;
        detail.Element(XName.Get("ResponseCode", Soap.E))!.Value.Should().Be("ErrorInternalServerError");
        detail.Element(XName.Get("Message", Soap.E))!.Value.Should().Be("Boom.");
        detail.Element(XName.Get("MessageXml", Soap.T))!.Element(XName.Get("Value", Soap.T))!.Value.Should().Be("1");
    }

    [Theory]
    [InlineData(5000, "5000")]
    [InlineData(null, null)]
    public async Task ServerBusy_fault_carries_the_back_off_hint_when_given(int? backOff, string? expected)
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ServerBusy(backOff));

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        response.Status.Should().Be(HttpStatusCode.InternalServerError);
        response.FaultCode.Should().Be("ErrorServerBusy");
        response.Find("Value")?.Value.Should().Be(expected);
        (response.Find("Value") is null).Should().Be(expected is null);
        server.Requests.Single().ResponseCode.Should().Be("ErrorServerBusy");
    }
}
