namespace Exchange.Sending;

/// <summary>Which connection and endpoint an error names, and the Message-ID of the send it belongs to (none for a probe).</summary>
internal readonly record struct ErrorSite(string ConnectionName, Uri Endpoint, string? InternetMessageId = null, ProxyInUse? Proxy = null);

/// <summary>The proxy requests to the endpoint go through, and the setting that chose it (for messages).</summary>
internal sealed record ProxyInUse(Uri Address, string Setting);
