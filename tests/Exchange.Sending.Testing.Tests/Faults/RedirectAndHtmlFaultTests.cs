using System.Net;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>Responses that are not EWS at all: a redirect to another host, an HTML login page.</summary>
public sealed class RedirectAndHtmlFaultTests
{
    [Theory]
    [InlineData(302)]
    [InlineData(301)]
    public async Task Redirect_points_elsewhere(int status)
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.Redirect("https://other.example.com/EWS/Exchange.asmx", status));

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        ((int)response.Status).Should().Be(status);
        response.Headers.Location.Should().Be(new Uri("https://other.example.com/EWS/Exchange.asmx"));
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Html_login_page_is_served_instead_of_soap()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.HtmlPage());

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ContentHeaders!.ContentType!.MediaType.Should().Be("text/html");
        response.Text.Should().Contain("<form").And.Contain("password");
        server.SentMessages.Should().BeEmpty();
    }
}
