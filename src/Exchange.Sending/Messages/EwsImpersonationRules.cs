using System.Text.RegularExpressions;

namespace Exchange.Sending;

/// <summary>What a message's <see cref="ExchangeMailMessage.ImpersonatedUser"/> must be, in each id form (the connection's
/// setting has the same rules in ExchangeConnectionOptionsValidator).</summary>
internal static partial class EwsImpersonationRules
{
    public static bool IsValid(string id, ExchangeConnectingIdType type) => type switch
    {
        ExchangeConnectingIdType.Sid => SidPattern().IsMatch(id),
        // The SMTP form is also the X-AnchorMailbox header: a line break there would inject a header.
        _ => ValidationRules.IsSmtpAddress(id) && !ValidationRules.HasLineBreak(id),
    };

    public static string Problem(string id, ExchangeConnectingIdType type) => type switch
    {
        ExchangeConnectingIdType.Sid => $"ImpersonatedUser '{ValidationRules.Quote(id)}' is not a SID; enter its string form such as 'S-1-5-21-1004336348-1177238915-682003330-512', or set ImpersonatedUserIdType to the form you entered.",
        ExchangeConnectingIdType.PrincipalName => $"ImpersonatedUser '{ValidationRules.Quote(id)}' is not a user principal name; enter one such as 'name@corp.example.com', or set ImpersonatedUserIdType to the form you entered.",
        _ => $"ImpersonatedUser '{ValidationRules.Quote(id)}' is not an SMTP address; enter the mailbox's address such as 'shared@example.com', or set ImpersonatedUserIdType to the form you entered (null: the connection's ImpersonatedUser).",
    };

    // The string form of a SID: S-revision-authority, then up to 15 sub-authorities (MS-DTYP 2.4.2.1).
    [GeneratedRegex(@"^S-1-[0-9]{1,13}(-[0-9]{1,10}){1,15}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SidPattern();
}
