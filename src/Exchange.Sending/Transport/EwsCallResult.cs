using Exchange.Sending.Ews;

namespace Exchange.Sending.Transport;

/// <summary>One completed HTTP exchange with EWS that produced a SOAP response (success or fault already separated).</summary>
internal sealed record EwsCallResult(EwsResponse Response, int HttpStatus, long RequestBytes, TimeSpan Elapsed)
{
    /// <summary>How the request authenticated; only filled when the caller asked (connection checks).</summary>
    public ExchangeAuthenticationReport? Authentication { get; init; }
}
