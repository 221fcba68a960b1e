namespace Exchange.Sending;

/// <summary>Which connection and endpoint an error message names.</summary>
internal readonly record struct ErrorSite(string ConnectionName, Uri Endpoint);
