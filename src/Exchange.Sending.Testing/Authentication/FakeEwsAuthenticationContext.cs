using Microsoft.AspNetCore.Http;

namespace Exchange.Sending.Testing;

/// <summary>What an <see cref="IFakeEwsAuthenticator"/> sees of a request.</summary>
public sealed class FakeEwsAuthenticationContext
{
    private readonly IReadOnlyList<FakeEwsUser> _users;

    internal FakeEwsAuthenticationContext(HttpContext httpContext, IDictionary<object, object?> connectionItems, IReadOnlyList<FakeEwsUser> users)
    {
        HttpContext = httpContext;
        ConnectionItems = connectionItems;
        _users = users;
    }

    /// <summary>The ASP.NET Core request (headers, connection info).</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Kestrel's id of the TCP connection.</summary>
    public string ConnectionId => HttpContext.Connection.Id;

    /// <summary>State that lives as long as the TCP connection (e.g. a <c>NegotiateAuthentication</c> between handshake legs).</summary>
    public IDictionary<object, object?> ConnectionItems { get; }

    /// <summary>The <c>Authorization</c> request header, or null.</summary>
    public string? AuthorizationHeader => HttpContext.Request.Headers.Authorization.Count > 0 ? HttpContext.Request.Headers.Authorization.ToString() : null;

    /// <summary>The users configured on the server.</summary>
    public IReadOnlyList<FakeEwsUser> Users => _users;

    /// <summary>Finds a user by logon name (<see cref="FakeEwsUser.UserName"/>, also with a <c>DOMAIN\</c> prefix or <c>@realm</c> suffix removed) or by address, case-insensitively.</summary>
    /// <param name="userNameOrAddress">What the client authenticated as.</param>
    /// <returns>The user, or null.</returns>
    public FakeEwsUser? FindUser(string userNameOrAddress)
    {
        ArgumentNullException.ThrowIfNull(userNameOrAddress);
        var exact = _users.FirstOrDefault(u => Matches(u, userNameOrAddress));
        if (exact is not null)
        {
            return exact;
        }

        var bare = userNameOrAddress;
        var slash = bare.IndexOf('\\', StringComparison.Ordinal);
        if (slash >= 0)
        {
            bare = bare[(slash + 1)..];
        }

        var at = bare.IndexOf('@', StringComparison.Ordinal);
        var local = at >= 0 ? bare[..at] : bare;
        return _users.FirstOrDefault(u => Matches(u, bare) || Matches(u, local));
    }

    private static bool Matches(FakeEwsUser user, string name) =>
        string.Equals(user.UserName ?? user.Address, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(user.Address, name, StringComparison.OrdinalIgnoreCase);
}
