using Microsoft.AspNetCore.Http;

namespace Exchange.Sending.Testing.Internal;

/// <summary>What the pipeline learns about one request while handling it; becomes its <see cref="FakeEwsRequest"/> log entry.</summary>
internal sealed class RequestRecord(long sequence, HttpContext context)
{
    public bool IsChunked { get; } = IsChunkedRequest(context.Request);

    /// <summary>True once the client may see this request's outcome (the response started, or the connection was
    /// dropped) while the record is not yet in the request log; see <see cref="ServerState.Requests"/>.</summary>
    public bool Finishing { get; private set; }

    /// <summary>Marks the record as finishing, once.</summary>
    public void MarkFinishing(ServerState state)
    {
        if (!Finishing)
        {
            Finishing = true;
            state.BeginFinishing();
        }
    }

    public string? Error { get; set; }

    public string? Operation { get; set; }

    public string? RequestServerVersion { get; set; }

    public int HttpStatus { get; set; }

    public string? ResponseCode { get; set; }

    public string? AuthorizationScheme { get; set; }

    public string? AuthenticatedUser { get; set; }

    public string? Package { get; set; }

    public bool Dropped { get; set; }

    public string? ImpersonatedUser { get; set; }

    public FakeEwsFault? Fault { get; set; }

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
        Fault = Fault,
        ImpersonatedUser = ImpersonatedUser,
        AnchorMailbox = context.Request.Headers["X-AnchorMailbox"].Count > 0 ? context.Request.Headers["X-AnchorMailbox"].ToString() : null,
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
