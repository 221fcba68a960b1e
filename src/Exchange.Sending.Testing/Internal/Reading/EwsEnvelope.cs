namespace Exchange.Sending.Testing.Internal;

/// <summary>What the reader found in the SOAP envelope; <see cref="Body"/> is the operation's request model, null for operations the server does not emulate.</summary>
internal sealed class EwsEnvelope
{
    public string? RequestServerVersion { get; set; }

    public List<string> HeaderElements { get; } = [];

    /// <summary>The <c>t:ExchangeImpersonation/t:ConnectingSID</c> child: its name (SmtpAddress, PrimarySmtpAddress, PrincipalName, SID) and value.</summary>
    public (string IdType, string Id)? Impersonation { get; set; }

    public string? Operation { get; set; }

    public string? OperationNamespace { get; set; }

    public object? Body { get; set; }
}
