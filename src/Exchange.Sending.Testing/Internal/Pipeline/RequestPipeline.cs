using System.Net.Http.Headers;
using System.Text;
using System.Xml.Schema;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Handles one HTTP request the way IIS + EWS would: authentication, scripted faults, content type, validation, dispatch.</summary>
internal sealed class RequestPipeline(ServerState state, XmlSchemaSet? schemas)
{
    public const string EndpointPath = "/EWS/Exchange.asmx";
    private static readonly TimeSpan ResponseFlushGrace = TimeSpan.FromMilliseconds(50);
    private static readonly object PersistedUserKey = new();
    private static readonly object CloseUnreadKey = new();
    private readonly EwsOperations _operations = new(state);

    public async Task HandleAsync(HttpContext context)
    {
        var connection = state.Counters.Connection(context.Connection.Id);
        state.Counters.AddRequest(connection);
        var record = new Record(state.NextSequence(), context);
        var body = new CountingStream(context.Request.Body, n => state.Counters.AddBodyBytes(connection, n));
        context.Response.Headers["Server"] = "Microsoft-IIS/10.0";
        try
        {
            await HandleCoreAsync(context, body, connection, record).ConfigureAwait(false);
            record.HttpStatus = context.RequestAborted.IsCancellationRequested && record.Dropped ? 0 : context.Response.StatusCode;
        }
        catch (Exception ex) when (IsBodyReadFailure(ex, context))
        {
            // The body ended before its Content-Length (or its last chunk), or the client reset the connection mid-body.
            // Nothing was processed; answer 400 as Kestrel would when the client can still hear it.
            // Kestrel treats a client's FIN or reset as an abort, so usually nobody is left to answer (status 0).
            record.Error = ex is OperationCanceledException
                ? "The connection was closed before the request body was complete."
                : ex.Message;
            record.HttpStatus = 0;
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                try
                {
                    context.Response.Clear();
                    context.Response.Headers.Connection = "close";
                    await WriteHtmlAsync(context, 400, IisPages.ForStatus(400)).ConfigureAwait(false);
                    record.HttpStatus = context.RequestAborted.IsCancellationRequested ? 0 : 400;
                }
                catch (Exception writeError) when (writeError is IOException or OperationCanceledException or InvalidOperationException)
                {
                    // The connection is gone.
                }
            }
        }
        finally
        {
            if (record.Dropped)
            {
                record.HttpStatus = 0;
            }

            state.AddRequest(record.ToRequest(body.BytesRead));
        }

        if (context.Items.ContainsKey(CloseUnreadKey))
        {
            await CloseUnreadAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleCoreAsync(HttpContext context, CountingStream body, FakeEwsConnectionCounters connection, Record record)
    {
        if (record.IsChunked && state.Options.RejectChunkedRequestBodies)
        {
            await RespondWithoutReadingBodyAsync(context, 411, IisPages.ForStatus(411), "text/html").ConfigureAwait(false);
            return;
        }

        if (!string.Equals(context.Request.Path.Value, EndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            await DrainAsync(body, context).ConfigureAwait(false);
            await WriteHtmlAsync(context, 404, IisPages.ForStatus(404)).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await WriteHtmlAsync(context, 405, IisPages.ForStatus(405)).ConfigureAwait(false);
            return;
        }

        var caller = await AuthenticateAsync(context, body, connection, record).ConfigureAwait(false);
        if (caller is null)
        {
            return;
        }

        record.AuthenticatedUser = caller.User?.Address;
        var soapOperation = SoapActionOperation(context.Request.Headers["SOAPAction"].ToString());
        if (state.TakeBeforeBody(soapOperation) is { } early)
        {
            if (early is FakeEwsFault.DelayFault delay)
            {
                await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await ApplyHttpFaultAsync(context, body, early, record).ConfigureAwait(false);
                return;
            }
        }

        if (!IsSoapContentType(context.Request.ContentType))
        {
            await DrainAsync(body, context).ConfigureAwait(false);
            context.Response.StatusCode = 415;
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase =
                $"Cannot process the message because the content type '{context.Request.ContentType}' was not the expected type 'text/xml; charset=utf-8'.";
            return;
        }

        EwsEnvelope envelope;
        try
        {
            var limit = state.Options.MaxStoredAttachmentBytes;
            envelope = await Task.Run(() => EwsRequestReader.Read(body, schemas, limit), context.RequestAborted).ConfigureAwait(false);
        }
        catch (EwsViolationException ex)
        {
            await DrainAsync(body, context).ConfigureAwait(false);
            var text = "The request failed schema validation: " + ex.Violation;
            await WriteFaultAsync(context, record, "ErrorSchemaValidation", text, EwsResponseWriter.SchemaViolationXml(ex.LineNumber, ex.LinePosition, ex.Violation)).ConfigureAwait(false);
            return;
        }
        catch (EwsRequestFaultException ex)
        {
            await DrainAsync(body, context).ConfigureAwait(false);
            await WriteFaultAsync(context, record, ex.ResponseCode, ex.Message, null).ConfigureAwait(false);
            return;
        }

        record.Operation = envelope.Operation;
        record.RequestServerVersion = envelope.RequestServerVersion;
        if (EwsNames.VersionRank(envelope.RequestServerVersion) > EwsNames.VersionRank(state.Options.EmulatedVersion))
        {
            await WriteFaultAsync(context, record, "ErrorInvalidServerVersion", EwsResponseWriter.DefaultText("ErrorInvalidServerVersion"), null).ConfigureAwait(false);
            return;
        }

        var operation = envelope.Operation ?? "";
        var fault = state.TakeAfterBody(operation);
        switch (fault)
        {
            case FakeEwsFault.ResponseCodeFault code:
                record.ResponseCode = code.Code;
                await WriteXmlAsync(context, 200, _operations.InjectedResponse(operation, code)).ConfigureAwait(false);
                return;
            case FakeEwsFault.SoapFaultFault soap:
                await WriteFaultAsync(context, record, soap.Code, soap.FaultString ?? EwsResponseWriter.DefaultText(soap.Code), soap.MessageXml).ConfigureAwait(false);
                return;
            case FakeEwsFault.DelayFault delay:
                await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
                break;
            case FakeEwsFault.DropFault { AfterBody: true }:
                break;
            case not null:
                await ApplyHttpFaultAsync(context, body, fault, record).ConfigureAwait(false);
                return;
        }

        if (envelope.OperationNamespace != EwsNames.Messages || !EwsOperations.Implemented.Contains(operation))
        {
            await WriteFaultAsync(context, record, "ErrorInvalidRequest", EwsResponseWriter.DefaultText("ErrorInvalidRequest"), null).ConfigureAwait(false);
            return;
        }

        var result = _operations.Run(envelope, caller.User);
        record.ResponseCode = result.ResponseCode;
        if (fault is FakeEwsFault.DropFault)
        {
            record.Dropped = true;
            context.Abort();
            return;
        }

        await WriteXmlAsync(context, 200, result.Body).ConfigureAwait(false);
    }

    private async Task<Caller?> AuthenticateAsync(HttpContext context, CountingStream body, FakeEwsConnectionCounters connection, Record record)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        record.AuthorizationScheme = authorization.Length == 0 ? null : authorization.Split(' ', 2)[0];
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items ?? new Dictionary<object, object?>();
        if (state.Options.CustomAuthenticator is { } authenticator)
        {
            if (authorization.Length == 0 && items.TryGetValue(PersistedUserKey, out var persisted) && persisted is Caller kept)
            {
                record.Package = kept.Package;
                return kept;
            }

            var result = await authenticator.AuthenticateAsync(new FakeEwsAuthenticationContext(context, items, state.Users), context.RequestAborted).ConfigureAwait(false);
            foreach (var value in result.WwwAuthenticate)
            {
                context.Response.Headers.Append("WWW-Authenticate", value);
            }

            if (!result.IsAuthenticated)
            {
                await UnauthorizedAsync(context, body, connection, result.CloseConnection).ConfigureAwait(false);
                return null;
            }

            var caller = new Caller(result.User, result.Package);
            record.Package = result.Package;
            if (result.PersistOnConnection)
            {
                items[PersistedUserKey] = caller;
                connection.AuthenticatedUser = result.User!.Address;
            }

            return caller;
        }

        if (state.Options.Authentication == FakeEwsAuthenticationMode.Basic)
        {
            var user = CheckBasic(authorization);
            if (user is null)
            {
                context.Response.Headers.Append("WWW-Authenticate", $"Basic realm=\"{state.Options.BasicRealm ?? context.Request.Host.Host}\"");
                await UnauthorizedAsync(context, body, connection, close: false).ConfigureAwait(false);
                return null;
            }

            record.Package = "Basic";
            return new Caller(user, "Basic");
        }

        return new Caller(state.Users.FirstOrDefault(), null);
    }

    private FakeEwsUser? CheckBasic(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var name = decoded[..colon];
        var password = decoded[(colon + 1)..];
        return state.Users.FirstOrDefault(u =>
            string.Equals(u.UserName ?? u.Address, name, StringComparison.OrdinalIgnoreCase)
            && u.Password is not null && string.Equals(u.Password, password, StringComparison.Ordinal));
    }

    private async Task UnauthorizedAsync(HttpContext context, CountingStream body, FakeEwsConnectionCounters connection, bool close)
    {
        await DrainAsync(body, context).ConfigureAwait(false);
        state.Counters.AddUnauthorized(connection);
        context.Response.StatusCode = 401;
        context.Response.ContentLength = 0;
        if (close)
        {
            context.Response.Headers.Connection = "close";
        }
    }

    private async Task ApplyHttpFaultAsync(HttpContext context, CountingStream body, FakeEwsFault fault, Record record)
    {
        switch (fault)
        {
            case FakeEwsFault.DropFault drop:
                if (drop.AfterBody)
                {
                    await DrainAsync(body, context).ConfigureAwait(false);
                }

                record.Dropped = true;
                context.Abort();
                return;
            case FakeEwsFault.EarlyResponseFault early:
                AddStatusHeaders(context, early.Status);
                await RespondWithoutReadingBodyAsync(context, early.Status, early.Body ?? IisPages.ForStatus(early.Status), early.ContentType ?? "text/html").ConfigureAwait(false);
                return;
            case FakeEwsFault.HttpStatusFault status:
                await DrainAsync(body, context).ConfigureAwait(false);
                AddStatusHeaders(context, status.Status);
                context.Response.StatusCode = status.Status;
                context.Response.ContentType = status.ContentType ?? "text/html";
                await context.Response.WriteAsync(status.Body ?? IisPages.ForStatus(status.Status), context.RequestAborted).ConfigureAwait(false);
                return;
            case FakeEwsFault.RedirectFault redirect:
                await DrainAsync(body, context).ConfigureAwait(false);
                context.Response.Headers.Location = redirect.Location;
                await WriteHtmlAsync(context, redirect.Status,
                    $"<head><title>Document Moved</title></head>\n<body><h1>Object Moved</h1>This document may be found <a HREF=\"{System.Net.WebUtility.HtmlEncode(redirect.Location)}\">here</a></body>").ConfigureAwait(false);
                return;
            case FakeEwsFault.HtmlPageFault page:
                await DrainAsync(body, context).ConfigureAwait(false);
                await WriteHtmlAsync(context, page.Status, IisPages.LoginPage).ConfigureAwait(false);
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

    private async Task WriteFaultAsync(HttpContext context, Record record, string code, string faultString, string? messageXml)
    {
        record.ResponseCode = code;
        await WriteXmlAsync(context, 500, EwsResponseWriter.Fault(code, faultString, messageXml)).ConfigureAwait(false);
    }

    private static async Task WriteXmlAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteHtmlAsync(HttpContext context, int status, string html)
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
    private static async Task RespondWithoutReadingBodyAsync(HttpContext context, int status, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.Headers.Connection = "close";
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        await context.Response.CompleteAsync().ConfigureAwait(false);
        context.Items[CloseUnreadKey] = true; // HandleAsync records the request, then closes (CloseUnreadAsync)
    }

    /// <summary>
    /// Left alone, Kestrel would read and discard the rest of the body before closing (a 50 MB upload would be received
    /// in full). Give its output loop a moment to put the response on the socket, then close the connection with the
    /// body unread: the kernel answers the client's further data with a TCP reset, as gromox's and IIS's refusals do.
    /// </summary>
    private static async Task CloseUnreadAsync(HttpContext context)
    {
        await Task.Delay(ResponseFlushGrace).ConfigureAwait(false);
        context.Abort();
    }

    private static bool IsBodyReadFailure(Exception ex, HttpContext context) => ex switch
    {
        BadHttpRequestException => true,
        IOException => true,
        OperationCanceledException => context.RequestAborted.IsCancellationRequested,
        AggregateException { InnerExceptions: [var inner] } => IsBodyReadFailure(inner, context),
        _ => false,
    };

    private static async Task DrainAsync(Stream body, HttpContext context)
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

    private static bool IsSoapContentType(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        return string.Equals(media.MediaType, "text/xml", StringComparison.OrdinalIgnoreCase)
               && (media.CharSet is null || media.CharSet.Trim('"').ToLowerInvariant() is "utf-8" or "utf-16" or "unicodefffe");
    }

    private static string? SoapActionOperation(string soapAction)
    {
        var trimmed = soapAction.Trim().Trim('"');
        if (trimmed.Length == 0)
        {
            return null;
        }

        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    private sealed record Caller(FakeEwsUser? User, string? Package);

    private sealed class Record(long sequence, HttpContext context)
    {
        public bool IsChunked { get; } = IsChunkedRequest(context.Request);

        public string? Error { get; set; }

        public string? Operation { get; set; }

        public string? RequestServerVersion { get; set; }

        public int HttpStatus { get; set; }

        public string? ResponseCode { get; set; }

        public string? AuthorizationScheme { get; set; }

        public string? AuthenticatedUser { get; set; }

        public string? Package { get; set; }

        public bool Dropped { get; set; }

        public FakeEwsRequest ToRequest(long bodyBytes) => new(
            sequence,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            Operation,
            RequestServerVersion,
            HttpStatus,
            ResponseCode,
            AuthorizationScheme,
            AuthenticatedUser,
            Package,
            context.Request.ContentType,
            context.Request.Headers["SOAPAction"].Count > 0 ? context.Request.Headers["SOAPAction"].ToString() : null,
            bodyBytes,
            context.Connection.Id)
        {
            ContentLength = context.Request.Headers.ContentLength,
            IsChunked = IsChunked,
            Error = Error,
        };

        private static bool IsChunkedRequest(HttpRequest request)
        {
            var codings = request.Headers.TransferEncoding.ToString();
            if (codings.Length == 0)
            {
                return false;
            }

            var last = codings.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            return string.Equals(last, "chunked", StringComparison.OrdinalIgnoreCase);
        }
    }
}
