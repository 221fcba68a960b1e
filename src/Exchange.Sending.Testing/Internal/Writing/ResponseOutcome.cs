namespace Exchange.Sending.Testing.Internal;

/// <summary>The outcome of one response message.</summary>
internal sealed record ResponseOutcome(string ResponseClass, string Code, string? Text, string? MessageXml)
{
    public static readonly ResponseOutcome Success = new("Success", "NoError", null, null);

    public static ResponseOutcome Error(string code, string text, string? messageXml = null) => new("Error", code, text, messageXml);
}
