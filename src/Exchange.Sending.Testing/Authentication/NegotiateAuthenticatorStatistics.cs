namespace Exchange.Sending.Testing;

/// <summary>Totals of a <see cref="NegotiateAuthenticator"/>. 401s and body bytes on the wire are counted by the server: <see cref="FakeEwsCounters"/>.</summary>
/// <param name="Connections">TCP connections the authenticator was called for.</param>
/// <param name="Calls">Requests it was asked to authenticate (requests on an authenticated connection are not asked again).</param>
/// <param name="Challenges">401s it asked for: first challenges, handshake legs and refusals.</param>
/// <param name="HandshakesCompleted">Handshakes that authenticated a configured user.</param>
/// <param name="HandshakesFailed">Handshakes refused: wrong password, unknown user, bad token, or no configured user for the identity.</param>
public sealed record NegotiateAuthenticatorStatistics(int Connections, int Calls, int Challenges, int HandshakesCompleted, int HandshakesFailed);

/// <summary>Counters of one TCP connection seen by a <see cref="NegotiateAuthenticator"/>.</summary>
/// <param name="ConnectionId">Kestrel's connection id (<see cref="FakeEwsRequest.ConnectionId"/>).</param>
/// <param name="FirstSeen">When the authenticator first saw it.</param>
/// <param name="Calls">Requests on it the authenticator was asked about.</param>
/// <param name="Challenges">401s the authenticator asked for on it.</param>
/// <param name="HandshakesCompleted">Completed handshakes on it (1 when authentication persists on the connection).</param>
/// <param name="HandshakesFailed">Refused handshakes on it.</param>
/// <param name="User">Who it was last authenticated as, if anyone.</param>
/// <param name="IsOpen"><see langword="false"/> once the client closed it.</param>
public sealed record NegotiateConnectionStatistics(
    string ConnectionId, DateTimeOffset FirstSeen, int Calls, int Challenges, int HandshakesCompleted, int HandshakesFailed,
    NegotiateAuthenticatedUser? User, bool IsOpen);

/// <summary>A completed Windows authentication handshake.</summary>
/// <param name="Name">The client's identity as GSSAPI reports it: <c>DOMAIN\user</c> for NTLM, <c>user@REALM</c> for Kerberos.</param>
/// <param name="Package">The package that authenticated: <c>Kerberos</c> or <c>NTLM</c>.</param>
/// <param name="Scheme">The HTTP scheme used: <c>Negotiate</c> or <c>NTLM</c>.</param>
/// <param name="ConnectionId">Kestrel's id of the connection it authenticated.</param>
/// <param name="AuthenticatedAt">When the handshake completed.</param>
public sealed record NegotiateAuthenticatedUser(string Name, string Package, string Scheme, string ConnectionId, DateTimeOffset AuthenticatedAt)
{
    /// <summary>The account part of <see cref="Name"/>, without domain or realm (<c>alice</c> for <c>EXCHANGE\alice</c> or <c>alice@EXCHANGE.TEST</c>).</summary>
    public string Account
    {
        get
        {
            var name = Name;
            var backslash = name.IndexOf('\\');
            if (backslash >= 0)
            {
                name = name[(backslash + 1)..];
            }

            var at = name.IndexOf('@');
            return at >= 0 ? name[..at] : name;
        }
    }
}
