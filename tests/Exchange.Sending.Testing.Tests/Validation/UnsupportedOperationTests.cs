using System.Net;

namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>Operations the server does not emulate, and requests to other paths.</summary>
public sealed class UnsupportedOperationTests
{
    [Fact]
    public async Task Valid_but_unemulated_operation_is_ErrorInvalidRequest_fault()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(
            "<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id=\"AAMk\"/></m:ItemIds></m:GetItem>"));

        response.Status.Should().Be(HttpStatusCode.InternalServerError);
        response.FaultCode.Should().Be("ErrorInvalidRequest");
        response.Fault!.Element("faultstring")!.Value.Should().Be("The request is invalid.");
        server.Requests.Single().Operation.Should().Be("GetItem");
    }

    [SkippableFact]
    public async Task Undeclared_body_element_is_a_schema_violation()
    {
        await using var server = await TestServers.WithSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope("<m:SendFax/>"));

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain("SendFax");
    }

    [Fact]
    public async Task Other_path_is_404()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        using var client = new HttpClient();

        using var response = await client.PostAsync(new Uri(server.EndpointUri, "/EWS/Other.asmx"), new StringContent("x"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
