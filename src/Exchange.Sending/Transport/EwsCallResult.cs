using Exchange.Sending.Ews;

namespace Exchange.Sending.Transport;

/// <summary>One completed HTTP exchange with EWS that produced a SOAP response (success or fault already separated).</summary>
internal sealed record EwsCallResult(EwsResponse Response, int HttpStatus, long RequestBytes, TimeSpan Elapsed);
