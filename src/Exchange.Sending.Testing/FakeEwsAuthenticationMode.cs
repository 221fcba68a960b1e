namespace Exchange.Sending.Testing;

/// <summary>How the fake server authenticates requests (ignored when <see cref="FakeEwsServerOptions.CustomAuthenticator"/> is set).</summary>
public enum FakeEwsAuthenticationMode
{
    /// <summary>No authentication; the authenticated mailbox is the first configured user, if any.</summary>
    Anonymous = 0,

    /// <summary>HTTP Basic: user name (or address) and password of a configured user; otherwise 401 with <c>WWW-Authenticate: Basic</c>.</summary>
    Basic = 1,
}
