using System.Diagnostics;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Transport;

/// <summary>The EWS requests' spans, duration histogram and in-flight count (docs/telemetry.md). These are EWS-level: the
/// HTTP exchange under each (and its own <c>System.Net.Http</c> span, when a host listens to that) is SocketsHttpHandler's.
/// Unobserved, a request is <c>SendCoreAsync</c>'s task itself.</summary>
internal sealed partial class EwsTransport
{
    private Task<EwsCallResult> SendObservedAsync(IEwsOperation operation, bool describeAuthentication, string? internetMessageId, CancellationToken cancellationToken) =>
        ExchangeTelemetry.RequestsObserved
            ? SendTracedAsync(operation, describeAuthentication, internetMessageId, cancellationToken)
            : SendCoreAsync(operation, describeAuthentication, internetMessageId, cancellationToken);

    private async Task<EwsCallResult> SendTracedAsync(IEwsOperation operation, bool describeAuthentication, string? internetMessageId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var counted = ExchangeTelemetry.RequestStarting(ConnectionName, operation.Name);
        try
        {
            using var activity = ExchangeTelemetry.StartRequest(ConnectionName, Endpoint, operation.Name);
            try
            {
                var result = await SendCoreAsync(operation, describeAuthentication, internetMessageId, cancellationToken).ConfigureAwait(false);
                var first = result.Response.Messages.Count > 0 ? result.Response.Messages[0] : null;
                ExchangeTelemetry.RequestAnswered(activity, ConnectionName, operation.Name, result.HttpStatus, first?.ResponseCode, first?.IsSuccess ?? true, started);
                return result;
            }
            catch (Exception ex)
            {
                ExchangeTelemetry.RequestFailed(activity, ConnectionName, operation.Name, ex, started);
                throw;
            }
        }
        finally
        {
            if (counted)
            {
                ExchangeTelemetry.RequestEnded(ConnectionName, operation.Name);
            }
        }
    }
}
