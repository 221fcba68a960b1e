namespace Exchange.Sending;

/// <summary>
/// How <see cref="ExchangeConnectionOptions.ImpersonatedUser"/> names the mailbox to act as: the child of
/// <c>t:ExchangeImpersonation/t:ConnectingSID</c> (EWS schema <c>t:ConnectingSIDType</c>; Microsoft docs
/// "Configure impersonation", "ExchangeImpersonation").
/// </summary>
public enum ExchangeConnectingIdType
{
    /// <summary><c>t:SmtpAddress</c>: any SMTP address of the mailbox (default). Also sent as <c>X-AnchorMailbox</c>.</summary>
    SmtpAddress = 0,

    /// <summary><c>t:PrincipalName</c>: the user principal name (<c>user@corp.example.com</c>).</summary>
    PrincipalName = 1,

    /// <summary><c>t:SID</c>: the security identifier in its string form (<c>S-1-5-21-…</c>).</summary>
    Sid = 2,
}
