using System.Text;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The outcome of one response message.</summary>
internal sealed record ResponseOutcome(string ResponseClass, string Code, string? Text, string? MessageXml)
{
    public static readonly ResponseOutcome Success = new("Success", "NoError", null, null);

    public static ResponseOutcome Error(string code, string text, string? messageXml = null) => new("Error", code, text, messageXml);
}

/// <summary>Writes Exchange-shaped SOAP responses and faults.</summary>
internal static class EwsResponseWriter
{
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <summary>A response envelope <c>m:{operation}Response/m:ResponseMessages</c> whose messages come from <paramref name="writeMessages"/>.</summary>
    public static byte[] Response(FakeEwsServerVersionInfo version, string operation, Action<XmlWriter> writeMessages)
    {
        var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", EwsNames.Soap);
            w.WriteStartElement("s", "Header", EwsNames.Soap);
            w.WriteStartElement("h", "ServerVersionInfo", EwsNames.Types);
            w.WriteAttributeString("MajorVersion", version.MajorVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("MinorVersion", version.MinorVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("MajorBuildNumber", version.MajorBuildNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("MinorBuildNumber", version.MinorBuildNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteAttributeString("Version", version.Version);
            w.WriteAttributeString("xmlns", EwsNames.Types);
            w.WriteAttributeString("xmlns", "xsi", null, EwsNames.Xsi);
            w.WriteAttributeString("xmlns", "xsd", null, EwsNames.Xsd);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("s", "Body", EwsNames.Soap);
            w.WriteAttributeString("xmlns", "xsi", null, EwsNames.Xsi);
            w.WriteAttributeString("xmlns", "xsd", null, EwsNames.Xsd);
            w.WriteStartElement("m", operation + "Response", EwsNames.Messages);
            w.WriteAttributeString("xmlns", "m", null, EwsNames.Messages);
            w.WriteAttributeString("xmlns", "t", null, EwsNames.Types);
            w.WriteStartElement("m", "ResponseMessages", EwsNames.Messages);
            writeMessages(w);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>One <c>m:{operation}ResponseMessage</c>; <paramref name="content"/> writes the operation's own elements.</summary>
    public static void Message(XmlWriter w, string operation, ResponseOutcome outcome, Action<XmlWriter>? content)
    {
        w.WriteStartElement("m", operation + "ResponseMessage", EwsNames.Messages);
        w.WriteAttributeString("ResponseClass", outcome.ResponseClass);
        if (outcome.ResponseClass != "Success")
        {
            w.WriteElementString("m", "MessageText", EwsNames.Messages, outcome.Text ?? DefaultText(outcome.Code));
        }

        w.WriteElementString("m", "ResponseCode", EwsNames.Messages, outcome.Code);
        if (outcome.ResponseClass != "Success")
        {
            w.WriteElementString("m", "DescriptiveLinkKey", EwsNames.Messages, "0");
            if (outcome.MessageXml is { } xml)
            {
                w.WriteStartElement("m", "MessageXml", EwsNames.Messages);
                w.WriteRaw(xml);
                w.WriteEndElement();
            }
        }

        content?.Invoke(w);
        w.WriteEndElement();
    }

    /// <summary>The empty operation-specific element the schema requires in an error response message, if any.</summary>
    public static Action<XmlWriter>? EmptyContent(string operation) => operation switch
    {
        "CreateItem" or "UpdateItem" or "GetItem" or "MoveItem" or "CopyItem" => w => w.WriteElementString("m", "Items", EwsNames.Messages, null),
        "CreateAttachment" => w => w.WriteElementString("m", "Attachments", EwsNames.Messages, null),
        _ => null,
    };

    /// <summary>An Exchange-shaped SOAP 1.1 fault (sent with HTTP 500).</summary>
    public static byte[] Fault(string code, string faultString, string? messageXml)
    {
        var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", EwsNames.Soap);
            w.WriteStartElement("s", "Body", EwsNames.Soap);
            w.WriteStartElement("s", "Fault", EwsNames.Soap);
            w.WriteStartElement("faultcode");
            w.WriteAttributeString("xmlns", "a", null, EwsNames.Types);
            w.WriteString("a:" + code);
            w.WriteEndElement();
            w.WriteStartElement("faultstring");
            w.WriteAttributeString("xml", "lang", null, "en-US");
            w.WriteString(faultString);
            w.WriteEndElement();
            w.WriteStartElement("detail");
            w.WriteStartElement("e", "ResponseCode", EwsNames.Errors);
            w.WriteString(code);
            w.WriteEndElement();
            w.WriteStartElement("e", "Message", EwsNames.Errors);
            w.WriteString(faultString);
            w.WriteEndElement();
            if (messageXml is not null)
            {
                w.WriteStartElement("t", "MessageXml", EwsNames.Types);
                w.WriteRaw(messageXml);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return stream.ToArray();
    }

    /// <summary>The <c>t:MessageXml</c> content of an ErrorSchemaValidation fault.</summary>
    public static string SchemaViolationXml(int line, int position, string violation)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { ConformanceLevel = ConformanceLevel.Fragment, OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("t", "LineNumber", EwsNames.Types);
            w.WriteString(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteStartElement("t", "LinePosition", EwsNames.Types);
            w.WriteString(position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteStartElement("t", "Violation", EwsNames.Types);
            w.WriteString(violation);
            w.WriteEndElement();
        }

        // The fragment writer declares xmlns:t on each element; inside t:MessageXml the prefix is already in scope.
        return sb.ToString().Replace($" xmlns:t=\"{EwsNames.Types}\"", "", StringComparison.Ordinal);
    }

    /// <summary>Microsoft's wording (where known) for codes the server produces.</summary>
    public static string DefaultText(string code) => code switch
    {
        "ErrorSendAsDenied" => "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.",
        "ErrorServerBusy" => "The server cannot service this request right now. Try again later.",
        "ErrorInvalidRecipients" => "At least one recipient isn't valid.",
        "ErrorMessageDispositionRequired" => "MessageDisposition attribute is required.",
        "ErrorStaleObject" => "The change key passed in the request does not match the current change key for the item.",
        "ErrorChangeKeyRequiredForWriteOperations" => "When making a write request, you must specify the change key of the item.",
        "ErrorInvalidSendItemSaveSettings" => "SavedItemFolderId can't be specified when SaveItemToFolder is false.",
        "ErrorItemNotFound" => "The specified object was not found in the store.",
        "ErrorFolderNotFound" => "The specified folder could not be found in the store.",
        "ErrorNameResolutionNoResults" => "No results were found.",
        "ErrorNameResolutionMultipleResults" => "Multiple results were found.",
        "ErrorNonExistentMailbox" => "The SMTP address has no mailbox associated with it.",
        "ErrorInvalidRequest" => "The request is invalid.",
        "ErrorInvalidServerVersion" => "The specified server version is invalid.",
        "ErrorInvalidExtendedProperty" => "The extended property attribute combination is invalid.",
        "ErrorQuotaExceeded" => "The mailbox quota has been exceeded.",
        "ErrorMessageSizeExceeded" => "The message exceeds the maximum supported size.",
        _ => $"The request failed with {code}.",
    };
}
