namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>Builds raw SOAP requests for the tests.</summary>
internal static class Soap
{
    public const string SoapNs = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string T = "http://schemas.microsoft.com/exchange/services/2006/types";
    public const string M = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public const string E = "http://schemas.microsoft.com/exchange/services/2006/errors";

    public static string Envelope(string body, string? version = "Exchange2013_SP1")
    {
        var header = version is null ? "" : $"<soap:Header><t:RequestServerVersion Version=\"{version}\"/></soap:Header>";
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
               $"<soap:Envelope xmlns:soap=\"{SoapNs}\" xmlns:t=\"{T}\" xmlns:m=\"{M}\">{header}<soap:Body>{body}</soap:Body></soap:Envelope>";
    }

    public static string Mailbox(string address, string? name = null) =>
        $"<t:Mailbox>{(name is null ? "" : $"<t:Name>{name}</t:Name>")}<t:EmailAddress>{address}</t:EmailAddress></t:Mailbox>";

    /// <summary>A t:Message in schema order; pass null to leave parts out.</summary>
    public static string Message(
        string subject = "Hello",
        string? to = "alice@example.com",
        string? from = null,
        string? attachmentsXml = null,
        string body = "Hi",
        string? internetMessageId = null) =>
        "<t:Message>" +
        $"<t:Subject>{subject}</t:Subject>" +
        $"<t:Body BodyType=\"Text\">{body}</t:Body>" +
        (attachmentsXml is null ? "" : $"<t:Attachments>{attachmentsXml}</t:Attachments>") +
        (to is null ? "" : $"<t:ToRecipients>{Mailbox(to)}</t:ToRecipients>") +
        (from is null ? "" : $"<t:From>{Mailbox(from)}</t:From>") +
        (internetMessageId is null ? "" : $"<t:InternetMessageId>{System.Security.SecurityElement.Escape(internetMessageId)}</t:InternetMessageId>") +
        "</t:Message>";

    public static string FileAttachment(string name, byte[] content, string? contentId = null, bool inline = false) =>
        $"<t:FileAttachment><t:Name>{name}</t:Name><t:ContentType>application/octet-stream</t:ContentType>" +
        (contentId is null ? "" : $"<t:ContentId>{contentId}</t:ContentId>") +
        $"<t:IsInline>{(inline ? "true" : "false")}</t:IsInline><t:Content>{Convert.ToBase64String(content)}</t:Content></t:FileAttachment>";

    public static string CreateItem(string disposition, string message, string? savedFolder = null, string? version = "Exchange2013_SP1")
    {
        var attr = disposition.Length == 0 ? "" : $" MessageDisposition=\"{disposition}\"";
        var folder = savedFolder is null ? "" : $"<m:SavedItemFolderId><t:DistinguishedFolderId Id=\"{savedFolder}\"/></m:SavedItemFolderId>";
        return Envelope($"<m:CreateItem{attr}>{folder}<m:Items>{message}</m:Items></m:CreateItem>", version);
    }

    public static string CreateAttachment(string itemId, string? changeKey, string attachmentsXml, string? version = "Exchange2013_SP1")
    {
        var ck = changeKey is null ? "" : $" ChangeKey=\"{changeKey}\"";
        return Envelope($"<m:CreateAttachment><m:ParentItemId Id=\"{itemId}\"{ck}/><m:Attachments>{attachmentsXml}</m:Attachments></m:CreateAttachment>", version);
    }

    public static string SendItem(string itemId, string? changeKey, bool save = true, string? savedFolder = "sentitems", string? version = "Exchange2013_SP1")
    {
        var ck = changeKey is null ? "" : $" ChangeKey=\"{changeKey}\"";
        var folder = savedFolder is null ? "" : $"<m:SavedItemFolderId><t:DistinguishedFolderId Id=\"{savedFolder}\"/></m:SavedItemFolderId>";
        return Envelope($"<m:SendItem SaveItemToFolder=\"{(save ? "true" : "false")}\"><m:ItemIds><t:ItemId Id=\"{itemId}\"{ck}/></m:ItemIds>{folder}</m:SendItem>", version);
    }

    public static string DeleteItem(string itemId, string deleteType = "HardDelete") =>
        Envelope($"<m:DeleteItem DeleteType=\"{deleteType}\"><m:ItemIds><t:ItemId Id=\"{itemId}\"/></m:ItemIds></m:DeleteItem>");

    public static string GetFolder(string shape, params string[] distinguished) =>
        Envelope($"<m:GetFolder><m:FolderShape><t:BaseShape>{shape}</t:BaseShape></m:FolderShape><m:FolderIds>" +
                 string.Concat(distinguished.Select(d => $"<t:DistinguishedFolderId Id=\"{d}\"/>")) + "</m:FolderIds></m:GetFolder>");

    /// <summary>
    /// A FindItem, children in schema order: ItemShape, view, Restriction, SortOrder, ParentFolderIds. The folders are
    /// distinguished ids unless <paramref name="parentFoldersXml"/> gives the children of m:ParentFolderIds.
    /// </summary>
    public static string FindItem(
        string? restrictionXml = null,
        string folder = "sentitems",
        string shape = "IdOnly",
        string? additionalProperties = "message:InternetMessageId item:Subject item:DateTimeSent item:DateTimeCreated",
        string? viewXml = "<m:IndexedPageItemView MaxEntriesReturned=\"10\" Offset=\"0\" BasePoint=\"Beginning\"/>",
        string? sortXml = null,
        string? parentFoldersXml = null,
        string traversal = "Shallow")
    {
        var properties = additionalProperties is null
            ? ""
            : "<t:AdditionalProperties>" + string.Concat(additionalProperties.Split(' ').Select(f => $"<t:FieldURI FieldURI=\"{f}\"/>")) + "</t:AdditionalProperties>";
        return Envelope(
            $"<m:FindItem Traversal=\"{traversal}\"><m:ItemShape><t:BaseShape>{shape}</t:BaseShape>{properties}</m:ItemShape>" +
            viewXml +
            (restrictionXml is null ? "" : $"<m:Restriction>{restrictionXml}</m:Restriction>") +
            (sortXml is null ? "" : $"<m:SortOrder>{sortXml}</m:SortOrder>") +
            $"<m:ParentFolderIds>{parentFoldersXml ?? $"<t:DistinguishedFolderId Id=\"{folder}\"/>"}</m:ParentFolderIds></m:FindItem>");
    }

    /// <summary><c>t:IsEqualTo</c> of a field and a constant (escaped).</summary>
    public static string IsEqualTo(string fieldUri, string value) =>
        $"<t:IsEqualTo><t:FieldURI FieldURI=\"{fieldUri}\"/><t:FieldURIOrConstant><t:Constant Value=\"{System.Security.SecurityElement.Escape(value)}\"/></t:FieldURIOrConstant></t:IsEqualTo>";

    public static string ResolveNames(string entry, bool fullContact = false) =>
        Envelope($"<m:ResolveNames ReturnFullContactData=\"{(fullContact ? "true" : "false")}\"><m:UnresolvedEntry>{entry}</m:UnresolvedEntry></m:ResolveNames>");
}
