namespace Exchange.Sending;

/// <summary>
/// Windows authentication: Kerberos through the HTTP <c>Negotiate</c> scheme and NTLM through the <c>NTLM</c>
/// scheme, as on-premises Exchange behind IIS expects. See docs/authentication.md.
/// </summary>
public sealed class WindowsAuthenticationStrategy : ExchangeAuthenticationStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="userName">Account (<c>user</c>, <c>DOMAIN\user</c> or <c>user@domain</c>); <see langword="null"/> for the process' default credentials.</param>
    /// <param name="password">Password of the account.</param>
    /// <param name="domain">NTLM domain / Kerberos realm.</param>
    /// <param name="mode">Which packages are offered.</param>
    public WindowsAuthenticationStrategy(string? userName, string? password, string? domain,
        ExchangeWindowsAuthenticationMode mode = ExchangeWindowsAuthenticationMode.NegotiateThenNtlm)
    {
        UserName = userName;
        _password = password;
        Domain = domain;
        Mode = mode;
    }

    private readonly string? _password;

    /// <summary>The account as configured (no password).</summary>
    public string? UserName { get; }

    /// <summary>The domain or realm as configured.</summary>
    public string? Domain { get; }

    /// <summary>Which packages are offered.</summary>
    public ExchangeWindowsAuthenticationMode Mode { get; }

    /// <inheritdoc />
    public override string Name => "Windows";

    /// <inheritdoc />
    public override bool UsesChallengeResponse => true;

    /// <inheritdoc />
    public override void ConfigureHandler(SocketsHttpHandler handler)
    {
        // Placeholder until issue 4 lands: plain NTLM credentials.
        if (UserName is not null)
        {
            handler.Credentials = new System.Net.NetworkCredential(UserName, _password, Domain);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Windows ({Mode}, user {UserName ?? "(default credentials)"})";
}
