using System.Text;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>Writes the SOAP 1.1 envelope around an operation's body: <c>soap:Header</c> (<c>t:RequestServerVersion</c>, then <c>t:ExchangeImpersonation</c> when impersonating), then <c>soap:Body</c>.</summary>
internal static class EwsEnvelopeWriter
{
    // UTF-8 without BOM; no indentation: the server does not need it and it costs bytes on every request.
    internal static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
        CheckCharacters = true,
        // Keep CR in text bodies: "Replace" would turn "a\r\nb" and a lone "\r" into "\n".
        NewLineHandling = NewLineHandling.Entitize,
    };

    public static async Task WriteAsync(EwsXmlOutput output, ExchangeVersion version, IEwsOperation operation, CancellationToken cancellationToken,
        EwsImpersonation? impersonation = null)
    {
        var writer = output.Writer;
        writer.WriteStartDocument();
        writer.WriteStartElement("soap", "Envelope", EwsNames.Soap);
        writer.WriteAttributeString("xmlns", "t", null, EwsNames.Types);
        writer.WriteAttributeString("xmlns", "m", null, EwsNames.Messages);
        writer.WriteStartElement("soap", "Header", EwsNames.Soap);
        writer.WriteStartElement("t", "RequestServerVersion", EwsNames.Types);
        writer.WriteAttributeString("Version", EwsNames.VersionName(version));
        writer.WriteEndElement();
        impersonation?.Write(writer);
        writer.WriteEndElement();
        writer.WriteStartElement("soap", "Body", EwsNames.Soap);
        await operation.WriteBodyAsync(output, cancellationToken).ConfigureAwait(false);
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndDocument();
        // No flush of the connection here: the handler flushes after the content, so a small request leaves in one write.
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
