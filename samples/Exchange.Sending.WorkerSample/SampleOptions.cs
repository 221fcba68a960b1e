namespace Exchange.Sending.WorkerSample;

/// <summary>The sample's own settings, bound from the <c>Sample</c> section of appsettings.json.</summary>
internal sealed class SampleOptions
{
    public const string SectionName = "Sample";

    /// <summary>The connection to send through: a key under <c>Exchange:Connections</c>.</summary>
    public string ConnectionName { get; set; } = "mail_main";

    /// <summary>Who receives the sample's messages.</summary>
    public IList<string> To { get; } = new List<string>();

    /// <summary>
    /// When a send's outcome is unknown (its request went out whole and the answer was lost), look the message up in
    /// Sent Items with <c>FindSentMessageAsync</c> and log what it found. The library can do this itself inside
    /// <c>SendAsync</c> when the connection's <c>ResolveUnknownOutcomes</c> is on; then the result or the error already
    /// carries the lookup.
    /// </summary>
    public bool FindUnknownOutcomes { get; set; } = true;

    /// <summary>Start the bundled EWS server in-process and send to it (also the <c>--loopback</c> switch).</summary>
    public bool Loopback { get; set; }

    /// <summary>Send, check health, then stop with exit code 0 (all as expected) or 1 (also the <c>--once</c> switch).</summary>
    public bool Once { get; set; }
}
