using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Who a request runs as: the user (null when anonymous without users) and the authentication package.</summary>
internal sealed record Caller(FakeEwsUser? User, string? Package);

/// <summary>
/// Authentication dispatch: a custom <see cref="IFakeEwsAuthenticator"/> (with identities persisted per TCP connection),
/// else Basic against the configured users, else anonymous as the first user. A refusal is answered with 401 here.
/// </summary>
internal sealed class RequestAuthenticator(ServerState state)
{
    private static readonly object PersistedUserKey = new();

    /// <summary>The caller, or null when the request was answered with 401.</summary>
    public async Task<Caller?> AuthenticateAsync(HttpContext context, CountingStream body, FakeEwsConnectionCounters connection, RequestRecord record)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        record.AuthorizationScheme = authorization.Length == 0 ? null : authorization.Split(' ', 2)[0];
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items ?? new Dictionary<object, object?>();
        if (state.Options.CustomAuthenticator is { } authenticator)
        {
            if (authorization.Length == 0 && items.TryGetValue(PersistedUserKey, out var persisted) && persisted is Caller kept)
            {
                record.Package = kept.Package;
                return kept;
            }

            var result = await authenticator.AuthenticateAsync(new FakeEwsAuthenticationContext(context, items, state.Users), context.RequestAborted).ConfigureAwait(false);
            foreach (var value in result.WwwAuthenticate)
            {
                context.Response.Headers.Append("WWW-Authenticate", value);
            }

            if (!result.IsAuthenticated)
            {
                await UnauthorizedAsync(context, body, connection, result.CloseConnection).ConfigureAwait(false);
                return null;
            }

            var caller = new Caller(result.User, result.Package);
            record.Package = result.Package;
            if (result.PersistOnConnection)
            {
                items[PersistedUserKey] = caller;
                connection.AuthenticatedUser = result.User!.Address;
            }

            return caller;
        }

        if (state.Options.Authentication == FakeEwsAuthenticationMode.Basic)
        {
            var user = CheckBasic(authorization);
            if (user is null)
            {
                context.Response.Headers.Append("WWW-Authenticate", $"Basic realm=\"{state.Options.BasicRealm ?? context.Request.Host.Host}\"");
                await UnauthorizedAsync(context, body, connection, close: false).ConfigureAwait(false);
                return null;
            }

            record.Package = "Basic";
            return new Caller(user, "Basic");
        }

        return new Caller(state.Users.Count > 0 ? state.Users[0] : null, null);
    }

    private FakeEwsUser? CheckBasic(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var name = decoded[..colon];
        var password = decoded[(colon + 1)..];
        return state.Users.FirstOrDefault(u =>
            string.Equals(u.UserName ?? u.Address, name, StringComparison.OrdinalIgnoreCase)
            && u.Password is not null && string.Equals(u.Password, password, StringComparison.Ordinal));
    }

    private async Task UnauthorizedAsync(HttpContext context, CountingStream body, FakeEwsConnectionCounters connection, bool close)
    {
        await HttpResponses.DrainAsync(body, context).ConfigureAwait(false);
        state.Counters.AddUnauthorized(connection);
        context.Response.StatusCode = 401;
        context.Response.ContentLength = 0;
        if (close)
        {
            context.Response.Headers.Connection = "close";
        }
    }
}
