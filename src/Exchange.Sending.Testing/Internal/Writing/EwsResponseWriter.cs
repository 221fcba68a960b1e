using System.Text;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Writes Exchange-shaped SOAP responses: the envelope with <c>t:ServerVersionInfo</c> and one response message per outcome.</summary>
internal static class EwsResponseWriter
{
    /// <summary>UTF-8 without a byte order mark, not indented: the bytes Exchange sends.</summary>
    // CheckCharacters off: a fault's MessageText may carry the control characters real servers send (the client must cope).
    public static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = false };

    /// <summary><c>s:Header</c> with the <c>h:ServerVersionInfo</c> element, as Exchange writes it.</summary>
    public static void WriteHeader(XmlWriter w, FakeEwsServerVersionInfo version)
    {
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
    }

    /// <summary>A response envelope <c>m:{operation}Response/m:ResponseMessages</c> whose messages come from <paramref name="writeMessages"/>.</summary>
    public static byte[] Response(FakeEwsServerVersionInfo version, string operation, Action<XmlWriter> writeMessages)
    {
        var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", EwsNames.Soap);
            WriteHeader(w, version);
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
            w.WriteElementString("m", "MessageText", EwsNames.Messages, outcome.Text ?? ResponseTexts.Default(outcome.Code));
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
}
