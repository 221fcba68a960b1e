using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Acts out the faults a test queued (<see cref="FakeEwsFault"/>): HTTP-level faults (status, early response, drop,
/// redirect, HTML page), the response message of an injected response code, and what happens to the real answer of a
/// processed request (replaced, cut short, corrupted, delayed). When each acts is the pipeline's call.
/// </summary>
internal sealed partial class FaultResponder(ServerState state)
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
                record.MarkFinishing(state);
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

    /// <summary>Sends (or withholds) the real answer of a processed request as <paramref name="fault"/> says.</summary>
    public static async Task AnswerProcessedAsync(HttpContext context, RequestRecord record, int status, byte[] answer, FakeEwsFault.ProcessedAnswerFault fault)
    {
        try
        {
            switch (fault)
            {
                case FakeEwsFault.ProcessThenRespondFault respond:
                    await WriteAsync(context, respond.Status, respond.ContentType, Encoding.UTF8.GetBytes(respond.Body), null).ConfigureAwait(false);
                    return;
                case FakeEwsFault.ProcessThenTruncateFault truncate:
                    var length = Math.Max(0, Math.Min(truncate.Bytes, answer.Length - 1));
                    await WriteAsync(context, status, "text/xml; charset=utf-8", answer, length).ConfigureAwait(false);
                    return;
                case FakeEwsFault.ProcessThenCorruptFault corrupt:
                    await HttpResponses.WriteXmlAsync(context, status, Corrupt(answer, corrupt.Insert, corrupt.Site)).ConfigureAwait(false);
                    return;
                case FakeEwsFault.ProcessThenDelayFault delay:
                    await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
                    await HttpResponses.WriteXmlAsync(context, status, answer).ConfigureAwait(false);
                    return;
                default:
                    throw new InvalidOperationException($"Unexpected fault {fault}.");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a time-out) before the answer went out: the request was processed, nobody heard the answer.
            record.Dropped = true;
        }
    }

    /// <summary>The body with <paramref name="insert"/> inserted at <paramref name="site"/> (after the Envelope start tag when there is no ResponseCode).</summary>
    internal static byte[] Corrupt(byte[] answer, string insert, FakeEwsCorruptionSite site)
    {
        var text = Encoding.UTF8.GetString(answer);
        var code = site == FakeEwsCorruptionSite.ResponseCodeText ? ResponseCodeStartTag().Match(text) : Match.Empty;
        var at = code.Success ? code.Index + code.Length
            : EnvelopeStartTag().Match(text) is { Success: true } envelope ? envelope.Index + envelope.Length
            : 0;
        return Encoding.UTF8.GetBytes(text.Insert(at, insert));
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body, int? length)
    {
        var count = length ?? body.Length;
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = count;
        await context.Response.Body.WriteAsync(body.AsMemory(0, count), context.RequestAborted).ConfigureAwait(false);
    }

    [GeneratedRegex(@"<(?:[A-Za-z_][\w.-]*:)?ResponseCode(?:\s[^>]*)?(?<!/)>", RegexOptions.CultureInvariant)]
    private static partial Regex ResponseCodeStartTag();

    [GeneratedRegex(@"<(?:[A-Za-z_][\w.-]*:)?Envelope\b[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex EnvelopeStartTag();

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
