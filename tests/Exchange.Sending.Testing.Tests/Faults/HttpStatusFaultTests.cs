using System.Net;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>Bare HTTP errors with IIS-like bodies, no SOAP.</summary>
public sealed class HttpStatusFaultTests
{
    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(507)]
    public async Task Status_is_returned_with_an_html_body(int status)
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(status));

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        ((int)response.Status).Should().Be(status);
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("text/html");
        response.Text.Should().Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Text.Should().NotContain("Envelope");
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Injected_401_offers_windows_and_basic_challenges_and_is_counted()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(401));

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Headers.WwwAuthenticate.Select(h => h.Scheme).Should().Contain(["Negotiate", "NTLM", "Basic"]);
        server.Counters.Unauthorized401.Should().Be(1);
    }

    [Fact]
    public async Task Custom_body_and_content_type_are_used()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(503, "busy", "text/plain"));

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        response.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Text.Should().Be("busy");
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("text/plain");
    }
}
