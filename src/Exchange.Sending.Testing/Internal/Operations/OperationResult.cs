using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The result of running an operation: the response body and the first response code (the one the request log shows).</summary>
internal sealed record OperationResult(byte[] Body, string? ResponseCode)
{
    /// <summary>A response with one <c>m:{operation}ResponseMessage</c> per outcome, in order, each followed by its content.</summary>
    public static OperationResult Write(
        FakeEwsServerVersionInfo version, string operation, IReadOnlyList<(ResponseOutcome Outcome, Action<XmlWriter>? Content)> messages)
    {
        var body = EwsResponseWriter.Response(version, operation, w =>
        {
            foreach (var (outcome, content) in messages)
            {
                EwsResponseWriter.Message(w, operation, outcome, content);
            }
        });
        return new OperationResult(body, messages.Count > 0 ? messages[0].Outcome.Code : null);
    }
}
