namespace Exchange.Sending.Testing;

/// <summary>Settings of a <see cref="FakeEwsServer"/>.</summary>
public sealed class FakeEwsServerOptions
{
    /// <summary>The Basic realm gromox (grommunio) sends in its 401 challenges.</summary>
    public const string GromoxBasicRealm = "msrpc realm";

    /// <summary>Name of the environment variable consulted when <see cref="SchemaDirectory"/> is null (also rule 1 of
    /// <see cref="EwsSchemaLocator"/>).</summary>
    public const string SchemaDirectoryEnvironmentVariable = "EXCHANGE_SENDING_EWS_SCHEMA_DIR";

    /// <summary>
    /// Directory holding Microsoft's <c>messages.xsd</c> and <c>types.xsd</c>, read at start-up. When null, the
    /// <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c> environment variable is used; when that is unset too, requests are not
    /// validated against the XSD, but the server's own code still enforces element order, required elements and
    /// required attributes of every operation it implements. A directory that is configured (here or in the variable)
    /// but missing, or lacking one of the two files, makes <see cref="FakeEwsServer.StartAsync"/> throw. The server does not search
    /// for a schema folder; to use the one your repository keeps, set this to
    /// <see cref="EwsSchemaLocator.Find"/><c>(typeof(YourTests).Assembly)</c>.
    /// </summary>
    public string? SchemaDirectory { get; set; }

    /// <summary>When true, requests are checked only by the server's own structural rules, even when
    /// <see cref="SchemaDirectory"/> or the environment variable names a schema (for tests of those rules, or speed).</summary>
    public bool DisableSchemaValidation { get; set; }

    /// <summary>When true, <see cref="FakeEwsServer.StartAsync"/> throws if no schema directory is configured (use it under CI).</summary>
    public bool RequireSchemaValidation { get; set; }

    /// <summary>
    /// Highest <c>RequestServerVersion</c> accepted (schema order of <c>t:ExchangeVersionType</c>); a newer one gets an
    /// <c>ErrorInvalidServerVersion</c> SOAP fault. Older than <c>Exchange2010_SP2</c>: attachments inside CreateItem are refused.
    /// </summary>
    public string EmulatedVersion { get; set; } = "V2017_07_11";

    /// <summary>
    /// When <see langword="true"/>, the <c>ErrorInvalidServerVersion</c> SOAP fault for a version newer than
    /// <see cref="EmulatedVersion"/> carries the <see cref="ServerVersionInfo"/> header, so a client can learn the server's
    /// version from the refusal itself. Default <see langword="false"/>: the fault has no <c>soap:Header</c>, as the other faults.
    /// </summary>
    public bool VersionFaultCarriesServerVersionInfo { get; set; }

    /// <summary>The <c>t:ServerVersionInfo</c> header sent on SOAP responses.</summary>
    public FakeEwsServerVersionInfo ServerVersionInfo { get; set; } = new(15, 1, 2507, 6, "V2017_07_11");

    /// <summary>Built-in authentication (ignored when <see cref="CustomAuthenticator"/> is set).</summary>
    public FakeEwsAuthenticationMode Authentication { get; set; } = FakeEwsAuthenticationMode.Anonymous;

    /// <summary>
    /// Pluggable authentication (e.g. NTLM/Negotiate). Called for every request that is not yet authenticated on its
    /// TCP connection; see <see cref="IFakeEwsAuthenticator"/>.
    /// </summary>
    public IFakeEwsAuthenticator? CustomAuthenticator { get; set; }

    /// <summary>Mailbox users. Basic checks <see cref="FakeEwsUser.UserName"/> (or the address) and password; anonymous mode uses the first user as the caller.</summary>
    public IList<FakeEwsUser> Users { get; } = new List<FakeEwsUser>();

    /// <summary>Attachments larger than this keep only length and SHA-256 (<see cref="FakeEwsAttachment.Content"/> is null); null = keep all.</summary>
    public long? MaxStoredAttachmentBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// When true, a request whose body is framed with <c>Transfer-Encoding: chunked</c> is refused before anything else
    /// (path, authentication, faults): HTTP 411 Length Required with an IIS-style HTML page and <c>Connection: close</c>,
    /// the body is not read and nothing is processed; the request log records it with status 411 and
    /// <see cref="FakeEwsRequest.IsChunked"/>. Emulates servers that require a <c>Content-Length</c> (IIS configured to,
    /// or gromox, which answers 400). Default false: chunked bodies are accepted, as by Exchange.
    /// </summary>
    public bool RejectChunkedRequestBodies { get; set; }

    /// <summary>
    /// The realm in the <c>WWW-Authenticate: Basic realm="…"</c> challenge (built-in Basic authentication and the
    /// <see cref="FakeEwsFault.HttpStatus"/> 401 fault). Null (the default) uses the request's host, as IIS does;
    /// gromox sends <c>"msrpc realm"</c>.
    /// </summary>
    public string? BasicRealm { get; set; }

    /// <summary>
    /// How long the saved copy of a sent message (CreateItem <c>SendAndSaveCopy</c>, SendItem with
    /// <c>SaveItemToFolder="true"</c>; Sent Items unless the request names another folder) stays invisible to FindItem
    /// after the send was answered, as Exchange and gromox file that copy asynchronously: a client that looks for its
    /// message right after an unclear outcome may not find it yet. Measured on <see cref="TimeProvider"/>. Default
    /// <see cref="TimeSpan.Zero"/> (visible at once). Only FindItem honours it: <see cref="FakeEwsServer.GetFolderItems(string)"/>,
    /// <see cref="FakeEwsServer.SentMessages"/> and GetFolder's counts show the copy at once. Must not be negative
    /// (<see cref="FakeEwsServer.StartAsync"/> throws <see cref="ArgumentOutOfRangeException"/>).
    /// </summary>
    public TimeSpan SentItemsFilingDelay { get; set; }

    /// <summary>
    /// The clock that stamps stored items (<c>t:DateTimeCreated</c>, <c>t:DateTimeReceived</c>, and <c>t:DateTimeSent</c> of
    /// messages whose MIME had no <c>Date:</c>; all in UTC, truncated to whole seconds as Exchange reports them) and decides
    /// when <see cref="SentItemsFilingDelay"/> has passed. Default <see cref="System.TimeProvider.System"/>; a test can pass
    /// its own to move time without waiting. Fault delays (<see cref="FakeEwsFault.Delay"/>,
    /// <see cref="FakeEwsFault.ProcessThenDelay"/>) always wait in real time.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Bind address (an IP literal or <c>localhost</c>).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// When set, the server speaks HTTPS (TLS 1.2/1.3) with this certificate, which must hold its private key, and
    /// <see cref="FakeEwsServer.EndpointUri"/> starts with <c>https://</c>; clients then connect without
    /// <c>AllowInsecureHttp</c>. Default <see langword="null"/>: plain HTTP. For tests of certificate trust: make a
    /// self-signed or CA-issued certificate for <c>127.0.0.1</c>/<c>localhost</c> with
    /// <see cref="System.Security.Cryptography.X509Certificates.CertificateRequest"/>. The server does not dispose it.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// Options that present the server the way grommunio gromox presents itself, so a client's server detection can be
    /// tested without gromox: <see cref="ServerVersionInfo"/> <c>15.0.847.4040</c> <c>V2017_07_11</c> (gromox's fixed
    /// value), <see cref="Authentication"/> Basic with <see cref="BasicRealm"/> <c>"msrpc realm"</c>,
    /// <see cref="EmulatedVersion"/> <c>V2017_07_11</c>, and <see cref="RejectChunkedRequestBodies"/> (gromox refuses
    /// chunked bodies with 400; the emulation answers 411). Only the identity and framing are emulated: operations
    /// behave as everywhere else in this server (gromox's own handling of typed items is not emulated). Add users and
    /// a schema directory as usual; every property can be changed afterwards.
    /// </summary>
    /// <returns>New options.</returns>
    public static FakeEwsServerOptions EmulateGromox() => new()
    {
        ServerVersionInfo = new FakeEwsServerVersionInfo(15, 0, 847, 4040, "V2017_07_11"),
        Authentication = FakeEwsAuthenticationMode.Basic,
        BasicRealm = GromoxBasicRealm,
        EmulatedVersion = "V2017_07_11",
        RejectChunkedRequestBodies = true,
    };
}
