using System.Text;
using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Writes Exchange-shaped SOAP 1.1 faults and the <c>t:MessageXml</c> of a schema violation.</summary>
internal static class SoapFaultWriter
{
    /// <summary>An Exchange-shaped SOAP 1.1 fault (sent with HTTP 500).</summary>
    public static byte[] Fault(string code, string faultString, string? messageXml, FakeEwsServerVersionInfo? header = null)
    {
        var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, EwsResponseWriter.Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("s", "Envelope", EwsNames.Soap);
            if (header is not null)
            {
                EwsResponseWriter.WriteHeader(w, header);
            }

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
}
