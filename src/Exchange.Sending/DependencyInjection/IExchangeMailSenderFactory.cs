namespace Exchange.Sending;

/// <summary>
/// Hands out the sender of a named connection. Registered by <c>AddExchangeMailSender</c>/<c>AddExchangeMailSenders</c>;
/// a connection's sender is built on first use and reused until its settings change.
/// </summary>
/// <remarks>
/// <para><b>Reloading.</b> A connection bound from configuration listens to its section's reload token. When the
/// configuration reloads and the connection's settings differ from those of its current sender, the factory builds a new
/// sender from them at once: from then on <see cref="Get"/> returns the new one. The previous sender finishes the calls
/// already running on it with the previous settings, passes later calls on to the new sender, and is disposed (with its
/// pooled HTTP handler) when its last running call ends. Every setting reloads, <see cref="ExchangeConnectionOptions.SystemName"/>
/// and <see cref="ExchangeConnectionOptions.Disabled"/> included. A reload that leaves a connection's settings as they were
/// keeps its sender.</para>
/// <para>Invalid new settings never replace a working sender: the factory keeps the previous one and logs the validation
/// failures once (event 1101, at Error, subject to the working settings' <see cref="ExchangeConnectionOptions.LogMode"/>);
/// a later valid change replaces it as usual. <c>IOptionsMonitor&lt;ExchangeConnectionOptions&gt;.Get</c> throws
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> meanwhile, and, as Microsoft.Extensions.Options does
/// for any validated options with a change token, the monitor rethrows it to the code that triggered the reload (for
/// <c>IConfigurationRoot.Reload()</c>, as an <see cref="AggregateException"/>).</para>
/// <para>What does not reload: the set of connections (one added to configuration later is not registered; one removed keeps
/// its last valid sender, since its empty settings fail validation); connections configured only in code; settings set in
/// code through the builder keep their values and are applied again on each reload. A keyed <see cref="IExchangeMailSender"/>
/// is the sender handed out first; after a reload it passes each new call on to the connection's current sender.</para>
/// </remarks>
public interface IExchangeMailSenderFactory
{
    /// <summary>Names of all registered connections, in registration order.</summary>
    IReadOnlyList<string> ConnectionNames { get; }

    /// <summary>The current sender of a connection.</summary>
    /// <param name="connectionName">A registered connection name (case-sensitive, as registered).</param>
    /// <returns>The connection's sender: the same instance every time until its settings change (see the remarks on
    /// reloading). Do not dispose it; the factory does.</returns>
    /// <exception cref="ArgumentException">No connection has that name; the message lists the registered ones.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The first call for a connection whose settings are
    /// invalid (later calls after an invalid reload return the previous sender).</exception>
    /// <exception cref="InvalidOperationException">The first call for a connection whose HTTP pipeline cannot be built: a
    /// <c>ConfigurePrimaryHttpMessageHandler</c> action set <c>SslOptions.RemoteCertificateValidationCallback</c> while the connection
    /// sets <c>TrustedCertificateThumbprints</c> or <c>TrustedCaCertificateFile</c>; an <c>AddHttpMessageHandler</c> factory returned
    /// <see langword="null"/> or a handler that already has an inner handler.</exception>
    /// <exception cref="ObjectDisposedException">The container was disposed.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords",
        Justification = "Get(name) mirrors IOptionsMonitor<T>.Get(name), which hosts already know; the VB keyword does not clash in C# or F#.")]
    IExchangeMailSender Get(string connectionName);
}
