using Microsoft.AspNetCore.Http;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Acts out the faults a test queued (<see cref="FakeEwsFault"/>): HTTP-level faults (status, early response, drop,
/// redirect, HTML page) and the response message of an injected response code. When each acts is the pipeline's call.
/// </summary>
internal sealed class FaultResponder(ServerState state)
{
    /// <summary>A response with one message per expected item, all carrying the injected code.</summary>
    public byte[] InjectedResponse(string operation, FakeEwsFault.ResponseCodeFault fault)
    {
        var outcome = new ResponseOutcome(fault.ResponseClass, fault.Code, fault.MessageText ?? ResponseTexts.Default(fault.Code), fault.MessageXml);
        return EwsResponseWriter.Response(state.Options.ServerVersionInfo, operation, w => EwsResponseWriter.Message(w, operation, outcome, EwsResponseWriter.EmptyContent(operation)));
    }

    public async Task ApplyHttpFaultAsync(HttpContext context, CountingStream body, FakeEwsFault fault, RequestRecord record)
    {
        switch (fault)
        {
            case FakeEwsFault.DropFault drop:
                if (drop.AfterBody)
                {
                    await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
                }

                record.Dropped = true;
                context.Abort();
                return;
            case FakeEwsFault.EarlyResponseFault early:
                AddStatusHeaders(context, early.Status);
                await HttpResponses.RespondWithoutReadingBodyAsync(context, early.Status, early.Body ?? IisPages.ForStatus(early.Status), early.ContentType ?? "text/html").ConfigureAwait(false);
                return;
            case FakeEwsFault.HttpStatusFault status:
                await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
                AddStatusHeaders(context, status.Status);
                context.Response.StatusCode = status.Status;
                context.Response.ContentType = status.ContentType ?? "text/html";
                await context.Response.WriteAsync(status.Body ?? IisPages.ForStatus(status.Status), context.RequestAborted).ConfigureAwait(false);
                return;
            case FakeEwsFault.RedirectFault redirect:
                await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
                context.Response.Headers.Location = redirect.Location;
                await HttpResponses.WriteHtmlAsync(context, redirect.Status,
                    $"<head><title>Document Moved</title></head>\n<body><h1>Object Moved</h1>This document may be found <a HREF=\"{System.Net.WebUtility.HtmlEncode(redirect.Location)}\">here</a></body>").ConfigureAwait(false);
                return;
            case FakeEwsFault.HtmlPageFault page:
                await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
                await HttpResponses.WriteHtmlAsync(context, page.Status, IisPages.LoginPage).ConfigureAwait(false);
                return;
            default:
                throw new InvalidOperationException($"Unexpected fault {fault}.");
        }
    }

    private void AddStatusHeaders(HttpContext context, int status)
    {
        if (status == 401)
        {
            state.Counters.AddUnauthorized(state.Counters.Connection(context.Connection.Id));
            context.Response.Headers.Append("WWW-Authenticate", "Negotiate");
            context.Response.Headers.Append("WWW-Authenticate", "NTLM");
            context.Response.Headers.Append("WWW-Authenticate", $"Basic realm=\"{state.Options.BasicRealm ?? context.Request.Host.Host}\"");
        }

        if (status == 503)
        {
            context.Response.Headers.RetryAfter = "5";
        }
    }
}
