using System.Net;

namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>A content type other than text/xml gets what IIS/WCF in front of EWS answers: 415 naming the expected type.</summary>
public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/soap+xml; charset=utf-8")]
    [InlineData("text/plain; charset=utf-8")]
    public async Task Wrong_content_type_is_415(string contentType)
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), contentType);

        response.Status.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.ReasonPhrase.Should().Be($"Cannot process the message because the content type '{contentType}' was not the expected type 'text/xml; charset=utf-8'.");
        server.SentMessages.Should().BeEmpty();
    }

    [Theory]
    [InlineData("text/xml")]
    [InlineData("text/xml; charset=UTF-8")]
    public async Task Text_xml_is_accepted(string contentType)
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), contentType);

        response.ResponseCode.Should().Be("NoError");
    }
}
