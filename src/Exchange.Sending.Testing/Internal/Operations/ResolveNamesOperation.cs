using System.Globalization;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:ResolveNames</c>.</summary>
internal sealed class ResolveNamesRequest
{
    public string Entry { get; set; } = "";

    public bool ReturnFullContactData { get; set; }
}

/// <summary>
/// EWS <c>ResolveNames</c> against the configured users: an exact address, else a prefix of display name, address or
/// user name. One match → Success, several → Warning <c>ErrorNameResolutionMultipleResults</c>, none → Error.
/// </summary>
internal sealed class ResolveNamesOperation : EwsServerOperation<ResolveNamesRequest>
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;

    public override string Name => "ResolveNames";

    protected override ResolveNamesRequest Read(ReadContext r)
    {
        var c = r.Cursor;
        var request = new ResolveNamesRequest
        {
            ReturnFullContactData = r.ParseBoolean(r.RequiredAttribute("ReturnFullContactData"), "ReturnFullContactData"),
        };
        r.Children(ChildSequence.For("ResolveNames", M, M, "ParentFolderIds UnresolvedEntry!"), () =>
        {
            if (c.LocalName == "UnresolvedEntry")
            {
                request.Entry = c.ReadText();
            }
            else
            {
                c.Skip();
            }
        });
        return request;
    }

    protected override OperationResult Run(ResolveNamesRequest request, OperationContext context)
    {
        var entry = request.Entry.Trim();
        if (entry.StartsWith("SMTP:", StringComparison.OrdinalIgnoreCase))
        {
            entry = entry[5..];
        }

        var users = context.State.Users;
        var exact = users.Where(u => string.Equals(u.Address, entry, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = exact.Count > 0
            ? exact
            : users.Where(u => u.DisplayName.StartsWith(entry, StringComparison.OrdinalIgnoreCase)
                               || u.Address.StartsWith(entry, StringComparison.OrdinalIgnoreCase)
                               || (u.UserName?.StartsWith(entry, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        var outcome = matches.Count switch
        {
            0 => ResponseOutcome.Error("ErrorNameResolutionNoResults", ResponseTexts.Default("ErrorNameResolutionNoResults")),
            1 => ResponseOutcome.Success,
            _ => new ResponseOutcome("Warning", "ErrorNameResolutionMultipleResults", ResponseTexts.Default("ErrorNameResolutionMultipleResults"), null),
        };
        Action<XmlWriter>? content = matches.Count == 0 ? null : x => WriteResolutionSet(x, matches, request.ReturnFullContactData);
        return OperationResult.Write(context.Version, Name, [(outcome, content)]);
    }

    private static void WriteResolutionSet(XmlWriter x, List<FakeEwsUser> matches, bool fullContactData)
    {
        x.WriteStartElement("m", "ResolutionSet", M);
        x.WriteAttributeString("TotalItemsInView", matches.Count.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("IncludesLastItemInRange", "true");
        foreach (var user in matches.Take(100))
        {
            x.WriteStartElement("t", "Resolution", T);
            x.WriteStartElement("t", "Mailbox", T);
            x.WriteElementString("t", "Name", T, user.DisplayName);
            x.WriteElementString("t", "EmailAddress", T, user.Address);
            x.WriteElementString("t", "RoutingType", T, "SMTP");
            x.WriteElementString("t", "MailboxType", T, "Mailbox");
            x.WriteEndElement();
            if (fullContactData)
            {
                x.WriteStartElement("t", "Contact", T);
                x.WriteElementString("t", "DisplayName", T, user.DisplayName);
                x.WriteStartElement("t", "EmailAddresses", T);
                x.WriteStartElement("t", "Entry", T);
                x.WriteAttributeString("Key", "EmailAddress1");
                x.WriteString("SMTP:" + user.Address);
                x.WriteEndElement();
                x.WriteEndElement();
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        x.WriteEndElement();
    }
}
