namespace Exchange.Sending;

/// <summary>One configuration key of a connection that did not bind.</summary>
/// <param name="Key">The key as written in configuration, e.g. <c>RequestTimeout</c> or a misspelt <c>SeverUrl</c>.</param>
/// <param name="Property">The <see cref="ExchangeConnectionOptions"/> property the key names (its real casing), or
/// <see langword="null"/> when the key is not a setting at all.</param>
/// <param name="Message">What is wrong and how to fix it, without the connection's name.</param>
internal sealed record ExchangeConnectionBindingFailure(string Key, string? Property, string Message);
