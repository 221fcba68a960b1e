using System.Globalization;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Writes one FindItem result as <c>t:Message</c>: always <c>t:ItemId</c>, then the requested properties the server
/// keeps, in the schema's order (ItemType's elements, then MessageType's). A requested property the server does not
/// keep is left out, as Exchange leaves out a property an item does not have.
/// </summary>
internal static class FoundItemWriter
{
    private const string T = EwsNames.Types;

    /// <summary>What <c>BaseShape</c> <c>Default</c> returns besides the id.</summary>
    public static readonly IReadOnlyList<string> DefaultFields =
    [
        "item:ParentFolderId", "item:ItemClass", "item:Subject", "item:Sensitivity", "item:DateTimeReceived", "item:Importance",
        "item:DateTimeSent", "item:DateTimeCreated", "item:HasAttachments", "message:From", "message:IsRead",
    ];

    /// <summary>What <c>BaseShape</c> <c>AllProperties</c> returns besides the id.</summary>
    public static readonly IReadOnlyList<string> AllFields = [.. DefaultFields, "item:IsDraft", "message:InternetMessageId"];

    /// <summary>The field URIs to write for a base shape plus <c>t:AdditionalProperties</c>.</summary>
    public static HashSet<string> Fields(string baseShape, IEnumerable<FieldPath> additional)
    {
        var fields = new HashSet<string>(baseShape switch
        {
            "IdOnly" => [],
            "AllProperties" => AllFields,
            _ => DefaultFields,
        }, StringComparer.Ordinal);
        foreach (var path in additional)
        {
            if (path.Field is { } field)
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    public static void Write(XmlWriter x, FoundItem item, IReadOnlySet<string> fields, Func<string, FakeEwsUser?> findUser)
    {
        var data = item.Data;
        x.WriteStartElement("t", "Message", T);
        x.WriteStartElement("t", "ItemId", T);
        x.WriteAttributeString("Id", item.Id);
        x.WriteAttributeString("ChangeKey", item.ChangeKey);
        x.WriteEndElement();
        if (fields.Contains("item:ParentFolderId"))
        {
            x.WriteStartElement("t", "ParentFolderId", T);
            x.WriteAttributeString("Id", MailStore.FolderId(item.Folder));
            x.WriteAttributeString("ChangeKey", MailStore.FolderChangeKey(item.Folder));
            x.WriteEndElement();
        }

        Text(x, fields, "item:ItemClass", "ItemClass", data.ItemClass ?? "IPM.Note");
        Text(x, fields, "item:Subject", "Subject", data.Subject);
        Text(x, fields, "item:Sensitivity", "Sensitivity", data.Sensitivity ?? "Normal");
        Text(x, fields, "item:DateTimeReceived", "DateTimeReceived", Time(item.Created));
        Text(x, fields, "item:Importance", "Importance", data.Importance ?? "Normal");
        Text(x, fields, "item:IsDraft", "IsDraft", item.IsDraft ? "true" : "false");
        Text(x, fields, "item:DateTimeSent", "DateTimeSent", item.DateTimeSent is { } sent ? Time(sent) : null);
        Text(x, fields, "item:DateTimeCreated", "DateTimeCreated", Time(item.Created));
        Text(x, fields, "item:HasAttachments", "HasAttachments", data.Attachments.Exists(a => !a.IsInline) ? "true" : "false");
        if (fields.Contains("message:From") && From(item, findUser) is { } from)
        {
            x.WriteStartElement("t", "From", T);
            x.WriteStartElement("t", "Mailbox", T);
            if (!string.IsNullOrEmpty(from.Name))
            {
                x.WriteElementString("t", "Name", T, from.Name);
            }

            x.WriteElementString("t", "EmailAddress", T, from.Address);
            x.WriteElementString("t", "RoutingType", T, "SMTP");
            x.WriteEndElement();
            x.WriteEndElement();
        }

        Text(x, fields, "message:InternetMessageId", "InternetMessageId", data.InternetMessageId);
        Text(x, fields, "message:IsRead", "IsRead", data.IsRead is false ? "false" : "true");
        x.WriteEndElement();
    }

    /// <summary>UTC to the second, as Exchange writes times (<c>2026-03-04T05:06:07Z</c>).</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The message's <c>t:From</c>, else the mailbox that sent or saved it (as Exchange fills it in).</summary>
    private static FakeEwsMailbox? From(FoundItem item, Func<string, FakeEwsUser?> findUser)
    {
        if (item.Data.From is { } from)
        {
            return from;
        }

        return item.Owner is { } owner ? new FakeEwsMailbox(findUser(owner)?.DisplayName, owner) : null;
    }

    private static void Text(XmlWriter x, IReadOnlySet<string> fields, string field, string element, string? value)
    {
        if (value is not null && fields.Contains(field))
        {
            x.WriteElementString("t", element, T, value);
        }
    }
}
