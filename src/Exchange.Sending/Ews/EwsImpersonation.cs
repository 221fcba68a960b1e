namespace Exchange.Sending.Ews;

/// <summary>
/// The <c>t:ExchangeImpersonation</c> SOAP header of a request: the account acts as the mailbox named here, with the
/// rights of its ApplicationImpersonation role. Written after <c>t:RequestServerVersion</c>, as Microsoft's examples do.
/// </summary>
internal sealed record EwsImpersonation(ExchangeConnectingIdType IdType, string Id)
{
    /// <summary>A message's choice to act as the account itself on a connection that impersonates: no header.</summary>
    public static readonly EwsImpersonation Self = new(ExchangeConnectingIdType.SmtpAddress, "");

    /// <summary>A message's own impersonation: <see langword="null"/> for the connection's, <see cref="Self"/> for none.</summary>
    public static EwsImpersonation? For(ExchangeMailMessage message) => message.ImpersonatedUser switch
    {
        null => null,
        "" => Self,
        var id => new EwsImpersonation(message.ImpersonatedUserIdType, id),
    };

    /// <summary>The connection's impersonation, or <see langword="null"/> when it acts as its own account.</summary>
    public static EwsImpersonation? For(ExchangeConnectionOptions options) =>
        string.IsNullOrEmpty(options.ImpersonatedUser) ? null : new EwsImpersonation(options.ImpersonatedUserIdType, options.ImpersonatedUser);

    /// <summary>
    /// The <c>X-AnchorMailbox</c> value: the SMTP address of the mailbox acted on, which Exchange (on-premises 2013 and
    /// later, and Exchange Online) routes by. Only an SMTP address can be an anchor, so other id types send none. HTTP headers
    /// are ASCII (HttpClient refuses anything else when sending): an international domain goes in its A-label (<c>xn--</c>)
    /// form, and an address whose local part is not ASCII (SMTPUTF8) sends none, leaving the routing to the SOAP header.
    /// </summary>
    public string? AnchorMailbox => IdType == ExchangeConnectingIdType.SmtpAddress ? AsciiAnchor(Id) : null;

    private static string? AsciiAnchor(string address)
    {
        if (address.All(char.IsAscii))
        {
            return address;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || !address.AsSpan(0, at).ToString().All(char.IsAscii))
        {
            return null;
        }

        try
        {
            return string.Concat(address.AsSpan(0, at + 1), new System.Globalization.IdnMapping().GetAscii(address[(at + 1)..]));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public void Write(System.Xml.XmlWriter writer)
    {
        writer.WriteStartElement("t", "ExchangeImpersonation", EwsNames.Types);
        writer.WriteStartElement("t", "ConnectingSID", EwsNames.Types);
        writer.WriteElementString("t", IdType switch
        {
            ExchangeConnectingIdType.PrincipalName => "PrincipalName",
            ExchangeConnectingIdType.Sid => "SID",
            _ => "SmtpAddress",
        }, EwsNames.Types, Id);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }
}
