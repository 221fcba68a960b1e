using System.Text;
using Microsoft.AspNetCore.Http;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The HTTP side of answering: SOAP and HTML bodies, draining an unwanted body, and refusing without reading it.</summary>
internal static class HttpResponses
{
    private static readonly TimeSpan ResponseFlushGrace = TimeSpan.FromMilliseconds(50);
    private static readonly object CloseUnreadKey = new();

    public static async Task WriteXmlAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteHtmlAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers and closes the connection without reading the request body, as IIS/HTTP.sys and gromox do when they refuse
    /// a request on its headers. The response is written and flushed first; Kestrel then closes the connection
    /// (<c>Connection: close</c>) instead of draining the unread body.
    /// </summary>
    public static async Task RespondWithoutReadingBodyAsync(HttpContext context, int status, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.Headers.Connection = "close";
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
        context.Items[CloseUnreadKey] = true; // RequestPipeline.HandleAsync records the request, then closes (CloseUnreadAsync)
    }

    /// <summary>True when <see cref="RespondWithoutReadingBodyAsync"/> answered this request.</summary>
    public static bool MustCloseUnread(HttpContext context) => context.Items.ContainsKey(CloseUnreadKey);

    /// <summary>
    /// Left alone, Kestrel would read and discard the rest of the body before closing (a 50 MB upload would be received
    /// in full). Give its output loop a moment to put the response on the socket, then close the connection with the
    /// body unread: the kernel answers the client's further data with a TCP reset, as gromox's and IIS's refusals do.
    /// </summary>
    public static async Task CloseUnreadAsync(HttpContext context)
    {
        await Task.Delay(ResponseFlushGrace).ConfigureAwait(false);
        context.Abort();
    }

    public static async Task DrainAsync(Stream body, HttpContext context)
    {
        try
        {
            await body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away; nothing left to drain.
        }
    }
}
