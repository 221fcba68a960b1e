using System.Collections.Concurrent;
using System.Net.Security;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Exchange.Sending.Testing;

/// <summary>
/// Windows authentication for the fake EWS server, as IIS does it: <c>Negotiate</c> (Kerberos, or NTLM inside SPNEGO)
/// and <c>NTLM</c> through <see cref="NegotiateAuthentication"/> in server mode, one handshake per TCP connection, the
/// authenticated user kept on the connection. Credentials are verified for real by the host's GSSAPI: Kerberos against
/// the keytab in <c>KRB5_KTNAME</c>, NTLM against gss-ntlmssp's <c>NTLM_USER_FILE</c> (see docs/authentication.md and
/// .ci/windows-auth-env.sh). Plug it in with <see cref="FakeEwsServerOptions.CustomAuthenticator"/>.
/// </summary>
/// <remarks>
/// <para>The authenticated identity (<c>DOMAIN\user</c> or <c>user@REALM</c>) is mapped to a configured
/// <see cref="FakeEwsUser"/> with <see cref="FakeEwsAuthenticationContext.FindUser"/> (domain or realm removed); an
/// identity without a configured user is refused with 401, as a mailbox-less account would be.</para>
/// <para>Needs HTTP/1.1: connection-based authentication does not work over HTTP/2. The server counts 401s and body
/// bytes (<see cref="FakeEwsCounters"/>); this class adds the handshake counters and identities:
/// <see cref="Statistics"/>, <see cref="Connections"/>, <see cref="AuthenticatedUsers"/>, <see cref="LastFailure"/>.</para>
/// </remarks>
public sealed class NegotiateAuthenticator : IFakeEwsAuthenticator
{
    private const string NegotiateScheme = "Negotiate";
    private const string NtlmScheme = "NTLM";
    private static readonly object ConnectionKey = new();

    private readonly NegotiateAuthenticatorOptions _options;
    private readonly ConcurrentDictionary<string, NegotiateConnection> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<NegotiateAuthenticatedUser> _users = new();
    private int _calls;
    private int _challenges;
    private int _handshakesCompleted;
    private int _handshakesFailed;
    private string? _lastFailure;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="options">Settings; IIS's defaults (Negotiate and NTLM, persisted on the connection) when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">No scheme is offered.</exception>
    public NegotiateAuthenticator(NegotiateAuthenticatorOptions? options = null)
    {
        _options = options ?? new NegotiateAuthenticatorOptions();
        if ((_options.OfferedSchemes & NegotiateSchemes.NegotiateAndNtlm) == 0)
        {
            throw new ArgumentException("OfferedSchemes must contain Negotiate, Ntlm or both.", nameof(options));
        }
    }

    /// <summary>The settings in use.</summary>
    public NegotiateAuthenticatorOptions Options => _options;

    /// <summary>Totals since creation or the last <see cref="Reset"/>.</summary>
    public NegotiateAuthenticatorStatistics Statistics => new(
        Connections: _connections.Count,
        Calls: Volatile.Read(ref _calls),
        Challenges: Volatile.Read(ref _challenges),
        HandshakesCompleted: Volatile.Read(ref _handshakesCompleted),
        HandshakesFailed: Volatile.Read(ref _handshakesFailed));

    /// <summary>Per-connection counters, oldest connection first.</summary>
    public IReadOnlyList<NegotiateConnectionStatistics> Connections =>
        _connections.Values.Select(c => c.Snapshot()).OrderBy(c => c.FirstSeen).ToList();

    /// <summary>Every completed handshake, oldest first: who authenticated, with which package, on which connection.</summary>
    public IReadOnlyList<NegotiateAuthenticatedUser> AuthenticatedUsers => _users.ToArray();

    /// <summary>Why the most recent handshake was refused (a <see cref="NegotiateAuthenticationStatusCode"/> name, or a
    /// sentence for an identity without a configured user), or <see langword="null"/> when none was.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Clears every counter, the connection list and the identities. Connections already authenticated stay so.</summary>
    public void Reset()
    {
        _connections.Clear();
        _users.Clear();
        Volatile.Write(ref _calls, 0);
        Volatile.Write(ref _challenges, 0);
        Volatile.Write(ref _handshakesCompleted, 0);
        Volatile.Write(ref _handshakesFailed, 0);
        Volatile.Write(ref _lastFailure, null);
    }

    /// <inheritdoc />
    public ValueTask<FakeEwsAuthenticationResult> AuthenticateAsync(FakeEwsAuthenticationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _calls);
        var connection = GetConnection(context);
        connection.CountCall();

        var maxBody = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (maxBody is { IsReadOnly: false })
        {
            // Large attachments: Kestrel's 30 MB default would break the send with "Broken pipe".
            maxBody.MaxRequestBodySize = null;
        }

        if (!TryParseAuthorization(context.AuthorizationHeader, out var scheme, out var token) || !IsOffered(scheme))
        {
            connection.DisposePending();
            return ValueTask.FromResult(Challenge(connection, OfferedChallenges()));
        }

        var pending = connection.Pending;
        if (pending is null || !string.Equals(connection.PendingScheme, scheme, StringComparison.OrdinalIgnoreCase))
        {
            connection.DisposePending();
            pending = new NegotiateAuthentication(new NegotiateAuthenticationServerOptions
            {
                Package = string.Equals(scheme, NtlmScheme, StringComparison.OrdinalIgnoreCase) ? NtlmScheme : NegotiateScheme,
            });
            connection.Pending = pending;
            connection.PendingScheme = scheme;
        }

        var outgoing = pending.GetOutgoingBlob(token, out var status);
        if (status == NegotiateAuthenticationStatusCode.ContinueNeeded)
        {
            return ValueTask.FromResult(Challenge(connection, [scheme + " " + Convert.ToBase64String(outgoing ?? [])]));
        }

        if (status != NegotiateAuthenticationStatusCode.Completed)
        {
            // Decide on the status only: after a failure the Linux implementation reports IsAuthenticated == true
            // and then throws on RemoteIdentity.
            connection.DisposePending();
            return ValueTask.FromResult(Refuse(connection, status.ToString()));
        }

        var identity = pending.RemoteIdentity.Name ?? "";
        var authenticated = new NegotiateAuthenticatedUser(identity, pending.Package, NormalizeScheme(scheme), connection.Id, DateTimeOffset.UtcNow);
        connection.DisposePending();
        var user = context.FindUser(identity);
        if (user is null)
        {
            return ValueTask.FromResult(Refuse(connection, $"'{identity}' authenticated ({authenticated.Package}) but no FakeEwsUser has that user name."));
        }

        connection.CompleteHandshake(authenticated);
        Interlocked.Increment(ref _handshakesCompleted);
        _users.Enqueue(authenticated);

        // Kerberos mutual authentication: the final token rides on the successful response, as IIS sends it.
        string[] final = outgoing is { Length: > 0 } ? [scheme + " " + Convert.ToBase64String(outgoing)] : [];
        return ValueTask.FromResult(FakeEwsAuthenticationResult.Success(user, authenticated.Package, _options.PersistAuthenticationOnConnection, final));
    }

    private FakeEwsAuthenticationResult Challenge(NegotiateConnection connection, string[] values)
    {
        Interlocked.Increment(ref _challenges);
        connection.CountChallenge();
        return FakeEwsAuthenticationResult.Challenge(values);
    }

    private FakeEwsAuthenticationResult Refuse(NegotiateConnection connection, string reason)
    {
        Interlocked.Increment(ref _handshakesFailed);
        Volatile.Write(ref _lastFailure, reason);
        connection.FailHandshake();

        // As IIS: a fresh challenge on the same connection, so the client may start over.
        return Challenge(connection, OfferedChallenges());
    }

    private string[] OfferedChallenges() => _options.OfferedSchemes switch
    {
        NegotiateSchemes.Negotiate => [NegotiateScheme],
        NegotiateSchemes.Ntlm => [NtlmScheme],
        _ => [NegotiateScheme, NtlmScheme],
    };

    private bool IsOffered(string scheme) =>
        (string.Equals(scheme, NegotiateScheme, StringComparison.OrdinalIgnoreCase) && _options.OfferedSchemes.HasFlag(NegotiateSchemes.Negotiate)) ||
        (string.Equals(scheme, NtlmScheme, StringComparison.OrdinalIgnoreCase) && _options.OfferedSchemes.HasFlag(NegotiateSchemes.Ntlm));

    private static string NormalizeScheme(string scheme) =>
        string.Equals(scheme, NtlmScheme, StringComparison.OrdinalIgnoreCase) ? NtlmScheme : NegotiateScheme;

    private static bool TryParseAuthorization(string? header, out string scheme, out byte[] token)
    {
        scheme = "";
        token = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        header = header.Trim();
        var space = header.IndexOf(' ');
        if (space <= 0)
        {
            scheme = header;
            return true;
        }

        scheme = header[..space];
        try
        {
            token = Convert.FromBase64String(header[(space + 1)..].Trim());
        }
        catch (FormatException)
        {
            token = [];
        }

        return true;
    }

    private NegotiateConnection GetConnection(FakeEwsAuthenticationContext context)
    {
        if (context.ConnectionItems.TryGetValue(ConnectionKey, out var existing) && existing is NegotiateConnection known)
        {
            // After Reset() a connection still alive is listed (and counted) again from its next request on.
            _connections.TryAdd(known.Id, known);
            return known;
        }

        var connection = new NegotiateConnection(context.ConnectionId);
        context.ConnectionItems[ConnectionKey] = connection;
        _connections[connection.Id] = connection;
        context.HttpContext.Features.Get<IConnectionCompleteFeature>()?.OnCompleted(static state =>
        {
            ((NegotiateConnection)state).Close();
            return Task.CompletedTask;
        }, connection);
        return connection;
    }
}
