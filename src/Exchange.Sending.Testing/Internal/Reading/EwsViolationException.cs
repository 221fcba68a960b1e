namespace Exchange.Sending.Testing.Internal;

/// <summary>The request is not valid XML or breaks the schema; answered with an ErrorSchemaValidation SOAP fault.</summary>
internal sealed class EwsViolationException(string violation, int lineNumber, int linePosition, Exception? inner = null)
    : Exception(violation, inner)
{
    public string Violation { get; } = violation;

    public int LineNumber { get; } = lineNumber;

    public int LinePosition { get; } = linePosition;
}
