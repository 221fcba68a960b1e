using System.Text;

namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>Posts raw SOAP to a fake server.</summary>
internal static class EwsHttp
{
    private static readonly HttpClient Shared = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public static Task<EwsResponse> PostAsync(this FakeEwsServer server, string xml, string contentType = "text/xml; charset=utf-8", HttpClient? client = null, string? authorization = null, string? soapAction = null)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return server.SendAsync(content, client, authorization, soapAction);
    }

    public static async Task<EwsResponse> SendAsync(this FakeEwsServer server, HttpContent content, HttpClient? client = null, string? authorization = null, string? soapAction = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.EndpointUri) { Content = content };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (soapAction is not null)
        {
            request.Headers.TryAddWithoutValidation("SOAPAction", soapAction);
        }

        using var response = await (client ?? Shared).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new EwsResponse(response.StatusCode, response.ReasonPhrase, text, response.Headers, response.Content.Headers);
    }
}
