using System.CommandLine;
using System.Globalization;

namespace Exchange.Sending.Cli;

/// <summary>The connection flags shared by <c>send</c> and <c>check</c>. They override appsettings.json and environment variables.
/// There is deliberately no password flag: a password on the command line ends up in shell history and process lists.</summary>
internal sealed record ConnectionFlags(
    string? Connection,
    string? ServerUrl,
    string? Version,
    string? Auth,
    string? User,
    string? Domain,
    string? Sender,
    string? SenderName,
    bool InsecureHttp,
    int? TimeoutSeconds,
    bool Bundled,
    bool Verbose,
    string? Format = null,
    int? MaxRecipients = null,
    string? LogFile = null)
{
    /// <summary>The flags that were given, as connection settings (keys are <see cref="ExchangeConnectionOptions"/> property names).</summary>
    public Dictionary<string, string> ToSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Put(settings, nameof(ExchangeConnectionOptions.ServerUrl), ServerUrl);
        Put(settings, nameof(ExchangeConnectionOptions.Version), Version);
        Put(settings, nameof(ExchangeConnectionOptions.AuthenticationType), Auth);
        Put(settings, nameof(ExchangeConnectionOptions.UserName), User);
        Put(settings, nameof(ExchangeConnectionOptions.Domain), Domain);
        Put(settings, nameof(ExchangeConnectionOptions.SenderAddress), Sender);
        Put(settings, nameof(ExchangeConnectionOptions.SenderName), SenderName);
        Put(settings, nameof(ExchangeConnectionOptions.MessageFormat), Format);
        if (InsecureHttp)
        {
            settings[nameof(ExchangeConnectionOptions.AllowInsecureHttp)] = "true";
        }

        if (MaxRecipients is { } maxRecipients)
        {
            settings[nameof(ExchangeConnectionOptions.MaxRecipientsPerMessage)] = maxRecipients.ToString(CultureInfo.InvariantCulture);
        }

        if (TimeoutSeconds is { } seconds)
        {
            settings[nameof(ExchangeConnectionOptions.RequestTimeout)] = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static void Put(Dictionary<string, string> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }
}

/// <summary>Declares the connection flags on a command and reads them back.</summary>
internal sealed class ConnectionFlagOptions
{
    public Option<string> Connection { get; } = new("--connection", "-c")
    {
        Description = "Connection name under Exchange:Connections (appsettings.json / environment). Default: the only configured one, else 'main'.",
        HelpName = "NAME",
    };

    public Option<string> ServerUrl { get; } = new("--server-url")
    {
        Description = "Exchange server without protocol: host[:port][/path], e.g. mail.example.com. Omit to use the bundled loopback server.",
        HelpName = "HOST",
    };

    public Option<string> Version { get; } = new("--version", "--exchange-version")
    {
        Description = "EWS schema version sent as RequestServerVersion, e.g. Exchange2013_SP1 (default) or Exchange2010_SP2.",
        HelpName = "VERSION",
    };

    public Option<string> Auth { get; } = new("--auth")
    {
        Description = "Authentication: None, Basic, Windows or Bearer. The password comes only from appsettings.json or EXCHANGE_SENDING_Exchange__Connections__<name>__Password; a Bearer token only from EXCHANGE_ACCESS_TOKEN.",
        HelpName = "TYPE",
    };

    public Option<string> User { get; } = new("--user") { Description = "Account user name (DOMAIN\\user or user@domain for Windows).", HelpName = "NAME" };

    public Option<string> Domain { get; } = new("--domain") { Description = "Windows domain / Kerberos realm.", HelpName = "DOMAIN" };

    public Option<string> Sender { get; } = new("--sender", "--from")
    {
        Description = "Sender address put in From (the connection's SenderAddress). With the bundled server it is also the server's mailbox, unless --user gives another address.",
        HelpName = "ADDRESS",
    };

    public Option<string> SenderName { get; } = new("--sender-name") { Description = "Sender display name.", HelpName = "NAME" };

    public Option<bool> InsecureHttp { get; } = new("--insecure-http") { Description = "Use http:// instead of https:// (test servers only)." };

    public Option<int?> Timeout { get; } = new("--timeout") { Description = "Request timeout in seconds (default 100).", HelpName = "SECONDS" };

    public Option<bool> Bundled { get; } = new("--bundled")
    {
        Description = "Use the bundled loopback EWS server even when a server URL is configured.",
    };

    public Option<string> Format { get; } = new("--format")
    {
        Description = "How messages travel: Automatic (default: MIME for gromox, typed items otherwise), Items or Mime.",
        HelpName = "FORMAT",
    };

    public Option<int?> MaxRecipients { get; } = new("--max-recipients")
    {
        Description = "Most recipients (To, Cc and Bcc together) one message may have; more is refused before sending (MaxRecipientsPerMessage, default 500 as Exchange's default limit).",
        HelpName = "COUNT",
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Show the library's logs (Information level: each step of the send) on stderr; without it the library logs nothing and only the command's own messages appear." };

    public Option<string> LogFile { get; } = new("--log-file")
    {
        Description = "Append the library's log lines (category Exchange.Sending.Connection.<name>, Information and above) to FILE, with or without --verbose. "
            + "The connection's LogMode applies: ErrorsOnly writes warnings and errors, Off nothing.",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        // Checked while parsing, so a bad path is an input error (exit code 1) before anything runs.
        if (LogFile.Validators.Count == 0)
        {
            LogFile.Validators.Add(result =>
            {
                if (LogFilePath.Check(result.GetValueOrDefault<string>()) is { } error)
                {
                    result.AddError(error);
                }
            });
        }

        foreach (var option in new Option[] { Connection, ServerUrl, Version, Auth, User, Domain, Sender, SenderName, InsecureHttp, Timeout, Bundled, Format, MaxRecipients, Verbose, LogFile })
        {
            command.Options.Add(option);
        }
    }

    public ConnectionFlags Read(ParseResult result) => new(
        result.GetValue(Connection),
        result.GetValue(ServerUrl),
        result.GetValue(Version),
        result.GetValue(Auth),
        result.GetValue(User),
        result.GetValue(Domain),
        result.GetValue(Sender),
        result.GetValue(SenderName),
        result.GetValue(InsecureHttp),
        result.GetValue(Timeout),
        result.GetValue(Bundled),
        result.GetValue(Verbose),
        result.GetValue(Format),
        result.GetValue(MaxRecipients),
        result.GetValue(LogFile));
}
