namespace Exchange.Sending.Testing;

/// <summary>The outcome of <see cref="IFakeEwsAuthenticator.AuthenticateAsync"/>.</summary>
public sealed class FakeEwsAuthenticationResult
{
    private FakeEwsAuthenticationResult(
        FakeEwsUser? user,
        string? package,
        bool persistOnConnection,
        IReadOnlyList<string> wwwAuthenticate,
        bool closeConnection)
    {
        User = user;
        Package = package;
        PersistOnConnection = persistOnConnection;
        WwwAuthenticate = wwwAuthenticate;
        CloseConnection = closeConnection;
    }

    /// <summary>The authenticated user; null for a challenge.</summary>
    public FakeEwsUser? User { get; }

    /// <summary>True when the request may proceed.</summary>
    public bool IsAuthenticated => User is not null;

    /// <summary>Which package authenticated (e.g. <c>NTLM</c>, <c>Kerberos</c>), recorded on <see cref="FakeEwsRequest.AuthenticationPackage"/>.</summary>
    public string? Package { get; }

    /// <summary>Keep the identity for later requests on the same TCP connection.</summary>
    public bool PersistOnConnection { get; }

    /// <summary><c>WWW-Authenticate</c> values to send (on a 401, or the final server token on success).</summary>
    public IReadOnlyList<string> WwwAuthenticate { get; }

    /// <summary>Close the TCP connection after the 401 (e.g. after a failed handshake).</summary>
    public bool CloseConnection { get; }

    /// <summary>Lets the request through as <paramref name="user"/>.</summary>
    /// <param name="user">The authenticated user (its address is the caller's mailbox).</param>
    /// <param name="package">The package that authenticated, for diagnostics.</param>
    /// <param name="persistOnConnection">Keep the identity on the TCP connection (IIS behaviour for NTLM/Negotiate).</param>
    /// <param name="wwwAuthenticate">Optional final <c>WWW-Authenticate</c> values (e.g. a mutual-auth token).</param>
    /// <returns>The result.</returns>
    public static FakeEwsAuthenticationResult Success(FakeEwsUser user, string? package = null, bool persistOnConnection = false, params string[] wwwAuthenticate)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(user, package, persistOnConnection, wwwAuthenticate ?? [], false);
    }

    /// <summary>Answers HTTP 401 with the given <c>WWW-Authenticate</c> values (one header line each), e.g. <c>"Negotiate"</c>, <c>"NTLM"</c>, or <c>"Negotiate &lt;token&gt;"</c> for a continuation leg.</summary>
    /// <param name="wwwAuthenticate">Challenge values.</param>
    /// <returns>The result.</returns>
    public static FakeEwsAuthenticationResult Challenge(params string[] wwwAuthenticate) => new(null, null, false, wwwAuthenticate ?? [], false);

    /// <summary>Answers HTTP 401 with the given challenges and closes the TCP connection.</summary>
    /// <param name="wwwAuthenticate">Challenge values.</param>
    /// <returns>The result.</returns>
    public static FakeEwsAuthenticationResult Fail(params string[] wwwAuthenticate) => new(null, null, false, wwwAuthenticate ?? [], true);
}
