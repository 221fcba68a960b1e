using System.Text;

namespace Exchange.Sending;

/// <summary>
/// One named sending connection: every field of the administrator's form plus what a deployment needs.
/// Bound with the Options pattern, one named instance per connection (configuration section
/// <c>Exchange:Connections:{SystemName}</c> by default) and validated at start (<c>ValidateOnStart</c>), when a sender
/// is built directly, and on demand with <see cref="Validate"/>.
/// </summary>
/// <remarks><see cref="ToString"/> never shows <see cref="Password"/>.</remarks>
public class ExchangeConnectionOptions
{
    /// <summary>Default <see cref="Version"/>: <see cref="ExchangeVersion.Exchange2013_SP1"/>.</summary>
    public const ExchangeVersion DefaultVersion = ExchangeVersion.Exchange2013_SP1;

    /// <summary>Default <see cref="MaxConcurrentRequests"/>: 8, below Exchange 2010's EWSMaxConcurrency of 10.</summary>
    public const int DefaultMaxConcurrentRequests = 8;

    /// <summary>Default <see cref="MaxRecipientsPerMessage"/>: 500, Exchange's default recipient limit per message
    /// (the organisation's <c>MaxRecipientEnvelopeLimit</c> on Exchange 2013 and later, and Exchange Online's).</summary>
    public const int DefaultMaxRecipientsPerMessage = 500;

    /// <summary>Highest accepted <see cref="MaxRecipientsPerMessage"/>: 100,000.</summary>
    public const int MaxRecipientsPerMessageUpperBound = 100_000;

    /// <summary>Default <see cref="MaxMessagesPerBatchRequest"/>: 10. A batch request is all or nothing when its answer is lost
    /// (every message in it becomes OutcomeUnknown), so it is kept small; at 10 the per-request cost (HTTP, SOAP envelope,
    /// authentication, the server's per-request work) is already shared ten ways (benchmarks/README.md measures 1 vs 10).</summary>
    public const int DefaultMaxMessagesPerBatchRequest = 10;

    /// <summary>Default path appended when <see cref="ServerUrl"/> has none: <c>/EWS/Exchange.asmx</c>.</summary>
    public const string DefaultEwsPath = "/EWS/Exchange.asmx";

    /// <summary>Unique name of the connection: Latin letters, digits and <c>_</c>. Defaults to the name it is registered under.</summary>
    public string SystemName { get; set; } = "";

    /// <summary>When <see langword="true"/>, the connection sends nothing: <c>SendAsync</c> throws
    /// <see cref="ExchangeConnectionDisabledException"/> and the connection check reports it, both without network I/O.</summary>
    public bool Disabled { get; set; }

    /// <summary>Free text for administrators. Not used by the library.</summary>
    public string? Description { get; set; }

    /// <summary>What is logged: <see cref="ExchangeLogMode.Full"/> (default), <see cref="ExchangeLogMode.ErrorsOnly"/> or <see cref="ExchangeLogMode.Off"/>.</summary>
    public ExchangeLogMode LogMode { get; set; } = ExchangeLogMode.Full;

    /// <summary>
    /// The Exchange server, typed <b>without</b> protocol: <c>host[:port][/path]</c>, for example
    /// <c>mail.example.com</c> or <c>mail.example.com/EWS/Exchange.asmx</c>. With no path the endpoint is
    /// <c>/EWS/Exchange.asmx</c>. The scheme is <c>https</c> unless <see cref="AllowInsecureHttp"/> is set.
    /// </summary>
    public string ServerUrl { get; set; } = "";

    /// <summary>The server's EWS schema version, sent as <c>RequestServerVersion</c>. Default <see cref="ExchangeVersion.Exchange2013_SP1"/>.</summary>
    public ExchangeVersion Version { get; set; } = DefaultVersion;

    /// <summary>
    /// Opt-in. When <see langword="true"/> and the server refuses <see cref="Version"/> with an <c>ErrorInvalidServerVersion</c>
    /// SOAP fault (a request-level refusal: the server processed nothing, so resending is safe), the connection steps down once
    /// to the version the fault's <c>ServerVersionInfo</c> maps to (the next lower documented value when it carries none),
    /// logs a warning (event 1460), keeps that version for the sender's lifetime and resends the request once. It never steps
    /// down twice, and never resends a request whose outcome is unknown or whose content can be read only once. Default
    /// <see langword="false"/>: the refusal is reported (its message names the value to set).
    /// </summary>
    public bool AllowVersionFallback { get; set; }

    /// <summary>None, Basic, Windows (NTLM / Kerberos through Negotiate) or Bearer (OAuth 2.0, with <see cref="AccessTokenProvider"/>). Ignored when <see cref="AuthenticationStrategy"/> is set.</summary>
    public ExchangeAuthenticationType AuthenticationType { get; set; } = ExchangeAuthenticationType.None;

    /// <summary>Which Windows authentication packages are tried (only with <see cref="ExchangeAuthenticationType.Windows"/>). Default: Kerberos through Negotiate, then NTLM.</summary>
    public ExchangeWindowsAuthenticationMode WindowsAuthenticationMode { get; set; } = ExchangeWindowsAuthenticationMode.NegotiateThenNtlm;

    /// <summary>Account used to connect. For Windows authentication <c>DOMAIN\user</c> and <c>user@domain</c> are understood.</summary>
    public string? UserName { get; set; }

    /// <summary>Password of <see cref="UserName"/>. Never logged, never part of an exception message or <see cref="ToString"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Windows domain (NTLM) or Kerberos realm of <see cref="UserName"/>.</summary>
    public string? Domain { get; set; }

    /// <summary>Display name put in <c>From</c> on every message.</summary>
    public string? SenderName { get; set; }

    /// <summary>SMTP address put in <c>From</c> on every message. If it is not the account's own mailbox the server must grant Send As, or it answers <c>ErrorSendAsDenied</c>.</summary>
    public string SenderAddress { get; set; } = "";

    /// <summary>
    /// The mailbox every request acts as, through the <c>t:ExchangeImpersonation</c> SOAP header (EWS impersonation);
    /// <see langword="null"/> or empty (default): the account acts as itself. The account needs the ApplicationImpersonation
    /// management role for that mailbox (<c>New-ManagementRoleAssignment -Role ApplicationImpersonation -User account</c>),
    /// or the server answers <c>ErrorImpersonateUserDenied</c>. Messages then go out from this mailbox and their copies
    /// land in its Sent Items. The form is set by <see cref="ImpersonatedUserIdType"/>.
    /// </summary>
    public string? ImpersonatedUser { get; set; }

    /// <summary>How <see cref="ImpersonatedUser"/> is given: an SMTP address (default, also sent as <c>X-AnchorMailbox</c>),
    /// a user principal name or a SID.</summary>
    public ExchangeConnectingIdType ImpersonatedUserIdType { get; set; }

    /// <summary>The mailbox that sends for the sender on every message (send on behalf): "From <see cref="SenderAddress"/>, sent
    /// by this address", written as <c>t:Sender</c> (and the MIME <c>Sender</c> header). Empty (default): none; the server
    /// decides (Exchange sends on behalf by itself when the account has Send on Behalf but not Send As on the From mailbox).
    /// The account needs Send on Behalf on <see cref="SenderAddress"/> (<c>Set-Mailbox shared -GrantSendOnBehalfTo account</c>),
    /// or the server answers <c>ErrorSendAsDenied</c>. A message's <see cref="ExchangeMailMessage.Sender"/> overrides it; equal
    /// to the From address, nothing is written.</summary>
    public string? SentByAddress { get; set; }

    /// <summary>Display name of <see cref="SentByAddress"/>.</summary>
    public string? SentByName { get; set; }

    /// <summary>Where the copy of each sent message goes when <see cref="SaveCopyToSentItems"/> is <see langword="true"/>:
    /// <see cref="ExchangeSavedCopyLocation.AccountSentItems"/> (default: the account's, or the impersonated user's),
    /// <see cref="ExchangeSavedCopyLocation.SenderSentItems"/> (the From mailbox's own Sent Items, for shared mailboxes; the
    /// account needs access to that folder) or <see cref="ExchangeSavedCopyLocation.Folder"/> (<see cref="SaveCopyFolder"/>).
    /// A message's <see cref="ExchangeMailMessage.SaveCopyTo"/> overrides it.</summary>
    public ExchangeSavedCopyLocation SaveCopyLocation { get; set; }

    /// <summary>With <see cref="SaveCopyLocation"/> <see cref="ExchangeSavedCopyLocation.Folder"/>: a distinguished folder name
    /// (<c>inbox</c>, <c>drafts</c>, …, any case) of the mailbox the requests act as, or an EWS <c>FolderId</c>
    /// (any mailbox the account may create items in). Required then; not allowed otherwise.</summary>
    public string? SaveCopyFolder { get; set; }

    /// <summary>Time allowed for one HTTP request, response included. Default 100 seconds; 1 second to 1 hour.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary><see langword="true"/> (default): <c>MessageDisposition="SendAndSaveCopy"</c>, a copy goes to Sent Items.
    /// <see langword="false"/>: <c>SendOnly</c>, no copy kept.</summary>
    public bool SaveCopyToSentItems { get; set; } = true;

    /// <summary>Most EWS requests in flight at once on this connection; further sends wait. Default 8, range 1–27
    /// (Exchange's EWSMaxConcurrency is 10 on 2010, 27 on 2013 and later).</summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>How often a request is sent again after a failure that proves the server did not accept it
    /// (<c>ErrorServerBusy</c>, HTTP 503, connection refused). Default 2; 0 turns retries off. A request whose
    /// outcome is unknown (time-out after the body was sent) is never sent again.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Longest wait before a retry, even when the server's <c>BackOffMilliseconds</c> asks for more (then the error is raised instead). Default 30 seconds; 0 to 10 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most recipients one message may have, To, Cc and Bcc together, each entry counted (an address listed twice
    /// counts twice; a distribution list counts once, as Exchange counts it before expanding it). A message with more is
    /// refused before any network I/O with <see cref="ExchangeMessageValidationException"/>, instead of being accepted by
    /// EWS and returned later as a non-delivery report. Default 500, Exchange's default (<c>MaxRecipientEnvelopeLimit</c>,
    /// and a mailbox's <c>RecipientLimits</c> when set); range 1–100,000. Set it to the server's limit when that differs.</summary>
    public int MaxRecipientsPerMessage { get; set; } = DefaultMaxRecipientsPerMessage;

    /// <summary>Most messages one <c>CreateItem</c> request of a batch carries
    /// (<see cref="IExchangeMailSender.SendAsync(IEnumerable{ExchangeMailMessage}, CancellationToken)"/>). Default 10, range
    /// 1–100 (1 sends every message in a request of its own, still concurrently up to <see cref="MaxConcurrentRequests"/>).</summary>
    public int MaxMessagesPerBatchRequest { get; set; } = DefaultMaxMessagesPerBatchRequest;

    /// <summary>Opt-in: when a send's outcome is unknown (its request went out whole and the answer was lost or could not be
    /// believed), <c>SendAsync</c> looks the message up by its Message-ID in Sent Items before it answers
    /// (<see cref="IExchangeMailSender.FindSentMessageAsync"/>, waiting up to <see cref="SentItemsFilingTime"/> for the copy).
    /// Found: the send is reported as sent (<see cref="ExchangeSendResult.OutcomeResolution"/> says so). Proven not sent: it is
    /// sent once more, only then. Undecidable: the unknown-outcome error is raised with the lookup in
    /// <see cref="ExchangeException.OutcomeLookup"/>. A copy counts only with the same Message-ID, the same subject and a send
    /// time no earlier than 5 minutes (allowed clock difference) before the attempt began. Requires <see cref="SaveCopyToSentItems"/>. Not applied to cancelled sends, nor on gromox
    /// to a message whose Bcc recipients get copies of their own. Default <see langword="false"/>.</summary>
    public bool ResolveUnknownOutcomes { get; set; }

    /// <summary>How long after a send the server may take to file its Sent Items copy: with
    /// <see cref="ResolveUnknownOutcomes"/>, a copy not found within this time proves the message was not sent. Default
    /// 15 seconds; 1 second to 5 minutes. Too short a time risks sending twice when the server files slowly.</summary>
    public TimeSpan SentItemsFilingTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How messages travel in <c>CreateItem</c>: <see cref="ExchangeMessageFormat.Automatic"/> (default: MIME for
    /// servers known to lose typed item content, such as gromox; typed items otherwise), <see cref="ExchangeMessageFormat.Items"/>
    /// or <see cref="ExchangeMessageFormat.Mime"/>.</summary>
    public ExchangeMessageFormat MessageFormat { get; set; } = ExchangeMessageFormat.Automatic;

    /// <summary>Use <c>http://</c> instead of <c>https://</c>. Only for test servers such as the bundled loopback EWS server.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The HTTP proxy every request of this connection goes through: an absolute <c>http://</c> or <c>https://</c> URL,
    /// for example <c>http://proxy.example.com:3128</c>, without user name or password. Empty (default): see
    /// <see cref="UseSystemProxy"/>.</summary>
    public string? ProxyUrl { get; set; }

    /// <summary>Hosts reached directly instead of through <see cref="ProxyUrl"/>: host names or IP addresses, a leading
    /// <c>*.</c> for a whole domain (<c>*.corp.example.com</c>); compared case-insensitively with the EWS host. In configuration
    /// a JSON array or one string separated by <c>,</c> or <c>;</c>. Only with <see cref="ProxyUrl"/>.</summary>
    public IReadOnlyList<string>? ProxyBypassList { get; set; }

    /// <summary>Send the process' default credentials (the service account, Kerberos/NTLM) to <see cref="ProxyUrl"/> when it
    /// asks for authentication (HTTP 407). Default <see langword="false"/>: no proxy credentials.</summary>
    public bool ProxyUseDefaultCredentials { get; set; }

    /// <summary>When <see cref="ProxyUrl"/> is empty: <see langword="true"/> (default) uses .NET's default proxy
    /// (<see cref="HttpClient.DefaultProxy"/>: the <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>ALL_PROXY</c> and <c>NO_PROXY</c>
    /// environment variables, and on Windows the system's proxy settings when none is set); <see langword="false"/> connects
    /// directly. Ignored when <see cref="ProxyUrl"/> is set.</summary>
    public bool UseSystemProxy { get; set; } = true;

    /// <summary>Server certificates trusted in addition to the machine's trust store, by thumbprint: SHA-256 (64 hex digits)
    /// or SHA-1 (40 hex digits, as Windows shows it); spaces, colons and the invisible marks copied from Windows' certificate
    /// dialog are ignored. A leaf certificate whose thumbprint is listed is accepted while it is within its validity period and
    /// the host in <see cref="ServerUrl"/> is one of its names; its chain is not required to be trusted. In configuration a JSON
    /// array or one string separated by <c>,</c> or <c>;</c>. Validation is never switched off.</summary>
    public IReadOnlyList<string>? TrustedCertificateThumbprints { get; set; }

    /// <summary>A file holding the certificate of the CA that issued the server's certificate (an internal or self-made CA),
    /// PEM (one or more <c>BEGIN CERTIFICATE</c> blocks) or DER. A server certificate whose chain builds to it, and whose
    /// names include the host in <see cref="ServerUrl"/>, is accepted; the machine's trust store still applies as well.
    /// Read when the sender is built (and checked by validation).</summary>
    public string? TrustedCaCertificateFile { get; set; }

    /// <summary>A host-supplied authentication strategy, for a scheme the built-in ones do not cover (OAuth 2.0 is built in: <see cref="ExchangeAuthenticationType.Bearer"/>). When set it replaces the one
    /// <see cref="AuthenticationType"/> would choose. Set in code; not bound from configuration.</summary>
    public ExchangeAuthenticationStrategy? AuthenticationStrategy { get; set; }

    /// <summary>Where <see cref="ExchangeAuthenticationType.Bearer"/> gets its OAuth 2.0 access tokens: a delegate returning a
    /// token and its expiry, cached by the connection until shortly before it expires (see <see cref="ExchangeAccessTokenProvider"/>).
    /// Required with Bearer; set in code (<c>.Configure(o =&gt; o.AccessTokenProvider = …)</c> on the connection's builder, or
    /// <c>UseTokenCredential</c> from <c>Exchange.Sending.Azure</c>), not bound from configuration. Never logged.</summary>
    public ExchangeAccessTokenProvider? AccessTokenProvider { get; set; }

    /// <summary>Checks these settings as they are, with the rules applied at start and when a sender is built. Never throws;
    /// a connection without a SystemName is named <c>'(unnamed)'</c> in the messages.</summary>
    /// <returns>One message per failed rule, each naming the connection, the setting and the fix, e.g.
    /// <c>Exchange connection 'mail_main': ServerUrl 'https://mail.example.com' includes the protocol 'https://'. Enter it
    /// without protocol: 'mail.example.com'. …</c>; empty when the settings are valid.</returns>
    /// <remarks>A value that did not convert from configuration (<c>"RequestTimeout": "soon"</c>) or an unknown key is only
    /// known to the DI registration, which reports it at start and whenever the options are built; here the setting is
    /// checked as it is, and names shared by two registered connections are not compared.</remarks>
    public IReadOnlyList<string> Validate() => ExchangeConnectionValidation.Validate(this, []);

    /// <summary>A shallow copy (the strategy instance is shared).</summary>
    internal ExchangeConnectionOptions Clone()
    {
        var copy = (ExchangeConnectionOptions)MemberwiseClone();
        // Lists are copied: a later change to the caller's list cannot bypass validation.
        copy.ProxyBypassList = ProxyBypassList?.ToArray();
        copy.TrustedCertificateThumbprints = TrustedCertificateThumbprints?.ToArray();
        return copy;
    }

    /// <summary>A summary for logs and debugging; the password is shown only as <c>***</c> when set.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("ExchangeConnectionOptions { SystemName = ").Append(SystemName)
            .Append(", Disabled = ").Append(Disabled)
            .Append(", ServerUrl = ").Append(EwsEndpoint.Redacted(ServerUrl ?? ""))
            .Append(", Version = ").Append(Version)
            .Append(AllowVersionFallback ? " (fallback allowed)" : "")
            .Append(", AuthenticationType = ").Append(AuthenticationStrategy?.GetType().Name ?? AuthenticationType.ToString())
            .Append(", UserName = ").Append(UserName)
            .Append(", Password = ").Append(string.IsNullOrEmpty(Password) ? "(none)" : "***")
            .Append(", Domain = ").Append(Domain)
            .Append(", SenderAddress = ").Append(SenderAddress)
            .Append(", SentByAddress = ").Append(string.IsNullOrEmpty(SentByAddress) ? "(none)" : SentByAddress)
            .Append(", SaveCopy = ").Append(!SaveCopyToSentItems ? "(none)" : SaveCopyLocation == ExchangeSavedCopyLocation.Folder ? "Folder " + SaveCopyFolder : SaveCopyLocation.ToString())
            .Append(", ImpersonatedUser = ").Append(string.IsNullOrEmpty(ImpersonatedUser) ? "(none)" : ImpersonatedUser)
            .Append(", MessageFormat = ").Append(MessageFormat)
            .Append(", Proxy = ").Append(string.IsNullOrEmpty(ProxyUrl) ? (UseSystemProxy ? "(system)" : "(none)") : EwsEndpoint.Redacted(ProxyUrl))
            .Append(", ResolveUnknownOutcomes = ").Append(ResolveUnknownOutcomes)
            .Append(", LogMode = ").Append(LogMode)
            .Append(" }");
        return text.ToString();
    }
}
