namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// The <c>t:ExchangeImpersonation</c> header as Exchange treats it: the caller needs the ApplicationImpersonation role
/// for the target (<see cref="FakeEwsServer.GrantImpersonation"/>), the target must be a known user, and the request then
/// runs as the target. Failures are SOAP faults, as Exchange answers them.
/// </summary>
internal static class Impersonation
{
    public static (FakeEwsUser? Target, string? Code, string? Text) Resolve(ServerState state, FakeEwsUser? caller, (string IdType, string Id) header)
    {
        var target = header.IdType switch
        {
            "SmtpAddress" or "PrimarySmtpAddress" => state.FindUserByAddress(header.Id),
            "PrincipalName" => state.Users.FirstOrDefault(u => string.Equals(u.UserName ?? u.Address, header.Id, StringComparison.OrdinalIgnoreCase)),
            // The bundled server's users have no SIDs.
            _ => null,
        };
        if (target is null)
        {
            return (null, "ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.");
        }

        if (!state.MayImpersonate(caller?.Address, target.Address))
        {
            return (null, "ErrorImpersonateUserDenied", "The account does not have permission to impersonate the requested user.");
        }

        return (target, null, null);
    }
}
