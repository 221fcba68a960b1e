using System.Net.Http.Headers;
using System.Xml.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Handles one HTTP request the way IIS + EWS would, in this order: framing and path, authentication
/// (<see cref="RequestAuthenticator"/>), faults that act before the body (<see cref="FaultResponder"/>), content type,
/// reading and validation (<see cref="EwsRequestReader"/>), version, faults after the body, dispatch to the operation
/// (<see cref="EwsServerOperations"/>); every request is logged, also when its body could not be read.
/// </summary>
internal sealed class RequestPipeline(ServerState state, XmlSchemaSet? schemas)
{
    public const string EndpointPath = "/EWS/Exchange.asmx";
    private readonly RequestAuthenticator _authenticator = new(state);
    private readonly FaultResponder _faults = new(state);

    public async Task HandleAsync(HttpContext context)
    {
        var connection = state.Counters.Connection(context.Connection.Id);
        state.Counters.AddRequest(connection);
        var record = new RequestRecord(state.NextSequence(), context);
        var body = new CountingStream(context.Request.Body, n => state.Counters.AddBodyBytes(connection, n));
        context.Response.Headers["Server"] = "Microsoft-IIS/10.0";
        context.Response.OnStarting(() =>
        {
            record.MarkFinishing(state);
            return Task.CompletedTask;
        });
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
                    await HttpResponses.WriteHtmlAsync(context, 400, IisPages.ForStatus(400)).ConfigureAwait(false);
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
            if (record.Finishing)
            {
                state.EndFinishing();
            }
        }

        if (HttpResponses.MustCloseUnread(context))
        {
            await HttpResponses.CloseUnreadAsync(context).ConfigureAwait(false);
        }
    }

    private async Task HandleCoreAsync(HttpContext context, CountingStream body, FakeEwsConnectionCounters connection, RequestRecord record)
    {
        if (record.IsChunked && state.Options.RejectChunkedRequestBodies)
        {
            await HttpResponses.RespondWithoutReadingBodyAsync(context, 411, IisPages.ForStatus(411), "text/html").ConfigureAwait(false);
            return;
        }

        if (!string.Equals(context.Request.Path.Value, EndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
            await HttpResponses.WriteHtmlAsync(context, 404, IisPages.ForStatus(404)).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await HttpResponses.WriteHtmlAsync(context, 405, IisPages.ForStatus(405)).ConfigureAwait(false);
            return;
        }

        var caller = await _authenticator.AuthenticateAsync(context, body, connection, record).ConfigureAwait(false);
        if (caller is null)
        {
            return;
        }

        record.AuthenticatedUser = caller.User?.Address;
        var soapOperation = SoapActionOperation(context.Request.Headers["SOAPAction"].ToString());
        if (state.TakeBeforeBody(soapOperation) is { } early)
        {
            record.Fault = early;
            if (early is FakeEwsFault.DelayFault delay)
            {
                await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await _faults.ApplyHttpFaultAsync(context, body, early, record).ConfigureAwait(false);
                return;
            }
        }

        if (!IsSoapContentType(context.Request.ContentType))
        {
            await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
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
            await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
            var text = "The request failed schema validation: " + ex.Violation;
            await WriteFaultAsync(context, record, "ErrorSchemaValidation", text, SoapFaultWriter.SchemaViolationXml(ex.LineNumber, ex.LinePosition, ex.Violation)).ConfigureAwait(false);
            return;
        }
        catch (EwsRequestFaultException ex)
        {
            await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
            await WriteFaultAsync(context, record, ex.ResponseCode, ex.Message, null).ConfigureAwait(false);
            return;
        }

        record.Operation = envelope.Operation;
        record.RequestServerVersion = envelope.RequestServerVersion;
        if (EwsNames.VersionRank(envelope.RequestServerVersion) > EwsNames.VersionRank(state.Options.EmulatedVersion))
        {
            await WriteFaultAsync(context, record, "ErrorInvalidServerVersion", ResponseTexts.Default("ErrorInvalidServerVersion"), null,
                state.Options.VersionFaultCarriesServerVersionInfo ? state.Options.ServerVersionInfo : null).ConfigureAwait(false);
            return;
        }

        var actingUser = caller.User;
        if (envelope.Impersonation is { } impersonation)
        {
            var (target, code, text) = Impersonation.Resolve(state, caller.User, impersonation);
            if (code is not null)
            {
                await WriteFaultAsync(context, record, code, text!, null).ConfigureAwait(false);
                return;
            }

            actingUser = target;
            record.ImpersonatedUser = target!.Address;
        }

        var operation = envelope.Operation ?? "";
        var fault = state.TakeAfterBody(operation);
        record.Fault ??= fault;
        switch (fault)
        {
            case FakeEwsFault.ResponseCodeFault code:
                record.ResponseCode = code.Code;
                await HttpResponses.WriteXmlAsync(context, 200, _faults.InjectedResponse(operation, code)).ConfigureAwait(false);
                return;
            case FakeEwsFault.SoapFaultFault soap:
                await WriteFaultAsync(context, record, soap.Code, soap.FaultString ?? ResponseTexts.Default(soap.Code), soap.MessageXml).ConfigureAwait(false);
                return;
            case FakeEwsFault.DelayFault delay:
                await Task.Delay(delay.Duration, context.RequestAborted).ConfigureAwait(false);
                break;
            case FakeEwsFault.DropFault { AfterBody: true }:
            case FakeEwsFault.ProcessedAnswerFault:
                break;
            case not null:
                await _faults.ApplyHttpFaultAsync(context, body, fault, record).ConfigureAwait(false);
                return;
        }

        int status;
        byte[] answer;
        if (envelope.OperationNamespace != EwsNames.Messages || EwsServerOperations.Find(operation) is not { } implemented)
        {
            record.ResponseCode = "ErrorInvalidRequest";
            (status, answer) = (500, SoapFaultWriter.Fault("ErrorInvalidRequest", ResponseTexts.Default("ErrorInvalidRequest"), null));
        }
        else
        {
            var result = implemented.Run(envelope.Body!, new OperationContext(state, envelope, actingUser));
            record.ResponseCode = result.ResponseCode;
            (status, answer) = (200, result.Body);
        }

        switch (fault)
        {
            case FakeEwsFault.DropFault:
                record.Dropped = true;
                context.Abort();
                return;
            case FakeEwsFault.ProcessedAnswerFault processed:
                await FaultResponder.AnswerProcessedAsync(context, record, status, answer, processed).ConfigureAwait(false);
                return;
            default:
                await HttpResponses.WriteXmlAsync(context, status, answer).ConfigureAwait(false);
                return;
        }
    }

    private static async Task WriteFaultAsync(HttpContext context, RequestRecord record, string code, string faultString, string? messageXml,
        FakeEwsServerVersionInfo? header = null)
    {
        record.ResponseCode = code;
        await HttpResponses.WriteXmlAsync(context, 500, SoapFaultWriter.Fault(code, faultString, messageXml, header)).ConfigureAwait(false);
    }

    private static bool IsBodyReadFailure(Exception ex, HttpContext context) => ex switch
    {
        BadHttpRequestException => true,
        IOException => true,
        OperationCanceledException => context.RequestAborted.IsCancellationRequested,
        AggregateException { InnerExceptions: [var inner] } => IsBodyReadFailure(inner, context),
        _ => false,
    };

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
}
