namespace Exchange.Sending.Testing.Internal;

/// <summary>A request-level EWS error found while reading (answered with a SOAP fault, HTTP 500).</summary>
internal sealed class EwsRequestFaultException(string responseCode, string message) : Exception(message)
{
    public string ResponseCode { get; } = responseCode;
}
