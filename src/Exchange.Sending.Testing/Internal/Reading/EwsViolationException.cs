namespace Exchange.Sending.Testing.Internal;

/// <summary>The request is not valid XML or breaks the schema; answered with an ErrorSchemaValidation SOAP fault.</summary>
internal sealed class EwsViolationException(string violation, int lineNumber, int linePosition, Exception? inner = null)
    : Exception(violation, inner)
{
    public string Violation { get; } = violation;

    public int LineNumber { get; } = lineNumber;

    public int LinePosition { get; } = linePosition;
}

/// <summary>A request-level EWS error found while reading (answered with a SOAP fault, HTTP 500).</summary>
internal sealed class EwsRequestFaultException(string responseCode, string message) : Exception(message)
{
    public string ResponseCode { get; } = responseCode;
}
