namespace Exchange.Sending.Testing.Internal;

/// <summary>Reads <c>t:Mailbox</c> elements: recipient lists, a single <c>t:From</c>/<c>t:Sender</c>, a folder's mailbox.</summary>
internal static class MailboxReader
{
    private const string T = EwsNames.Types;

    // merge: true beside t:MimeContent, so an address the MIME already gave is not added twice.
    public static void ReadList(ReadContext r, string parent, List<FakeEwsMailbox> target, bool merge = false)
    {
        r.Children(ChildSequence.For(parent, T, T, "Mailbox*"), () =>
        {
            var mailbox = Read(r);
            if (merge)
            {
                MessageData.AddRecipient(target, mailbox);
            }
            else
            {
                target.Add(mailbox);
            }
        });
    }

    public static FakeEwsMailbox? ReadSingle(ReadContext r, string parent)
    {
        FakeEwsMailbox? result = null;
        r.Children(ChildSequence.For(parent, T, T, "Mailbox!"), () => result = Read(r));
        return result;
    }

    public static FakeEwsMailbox Read(ReadContext r)
    {
        var c = r.Cursor;
        string? name = null, address = null;
        r.Children(ChildSequence.For("Mailbox", T, T, "Name EmailAddress RoutingType MailboxType ItemId OriginalDisplayName"), () =>
        {
            switch (c.LocalName)
            {
                case "Name":
                    name = c.ReadText();
                    break;
                case "EmailAddress":
                    address = c.ReadText();
                    break;
                default:
                    c.Skip();
                    break;
            }
        });
        return new FakeEwsMailbox(name, address ?? "");
    }
}
