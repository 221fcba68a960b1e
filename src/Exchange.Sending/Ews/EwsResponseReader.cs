using System.Globalization;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>
/// Reads an EWS response with a forward-only <see cref="XmlReader"/>: <c>ServerVersionInfo</c>, SOAP faults and
/// response messages. Elements are matched by namespace URI and local name, never by prefix.
/// </summary>
internal static class EwsResponseReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <exception cref="EwsNotSoapException">The body is not a SOAP envelope.</exception>
    public static async Task<EwsResponse> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var response = new EwsResponse();
        using var r = XmlReader.Create(body, Settings);
        try
        {
            if (!await MoveToContentElementAsync(r).ConfigureAwait(false) || r.LocalName != "Envelope" || r.NamespaceURI != EwsNames.Soap)
            {
                throw new EwsNotSoapException(r.NodeType == XmlNodeType.Element ? $"root element <{r.Name}>" : "no XML element");
            }
        }
        catch (XmlException ex)
        {
            throw new EwsNotSoapException("not XML: " + ex.Message);
        }

        while (await r.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (r.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (r.NamespaceURI == EwsNames.Types && r.LocalName == "ServerVersionInfo")
            {
                response.ServerVersion = new ExchangeServerVersionInfo(
                    IntAttribute(r, "MajorVersion"), IntAttribute(r, "MinorVersion"),
                    IntAttribute(r, "MajorBuildNumber"), IntAttribute(r, "MinorBuildNumber"), r.GetAttribute("Version"));
            }
            else if (r.NamespaceURI == EwsNames.Soap && r.LocalName == "Fault")
            {
                response.Fault = await ReadFaultAsync(r).ConfigureAwait(false);
            }
            else if (r.NamespaceURI == EwsNames.Messages && r.GetAttribute("ResponseClass") is { } responseClass)
            {
                response.Messages.Add(await ReadResponseMessageAsync(r, responseClass).ConfigureAwait(false));
            }
        }

        return response;
    }

    private static async Task<bool> MoveToContentElementAsync(XmlReader r)
    {
        while (await r.ReadAsync().ConfigureAwait(false))
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<EwsResponseMessage> ReadResponseMessageAsync(XmlReader r, string responseClass)
    {
        var message = new EwsResponseMessage { ResponseClass = responseClass };
        if (r.IsEmptyElement)
        {
            return message;
        }

        var depth = r.Depth;
        await r.ReadAsync().ConfigureAwait(false);
        while (!(r.Depth <= depth && r.NodeType == XmlNodeType.EndElement) && !r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                await r.ReadAsync().ConfigureAwait(false);
                continue;
            }

            switch (r.LocalName)
            {
                case "MessageText" when r.NamespaceURI == EwsNames.Messages:
                    message.MessageText = await r.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    continue;
                case "ResponseCode" when r.NamespaceURI == EwsNames.Messages:
                    message.ResponseCode = (await r.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();
                    continue;
                case "MessageXml" when r.NamespaceURI == EwsNames.Messages:
                    message.MessageXml = await r.ReadOuterXmlAsync().ConfigureAwait(false);
                    message.BackOffMilliseconds = BackOffFrom(message.MessageXml);
                    continue;
                case "ItemId" when r.NamespaceURI == EwsNames.Types && message.ItemId is null:
                    message.ItemId = r.GetAttribute("Id");
                    message.ChangeKey = r.GetAttribute("ChangeKey");
                    break;
                case "AttachmentId" when r.NamespaceURI == EwsNames.Types:
                    message.AttachmentId = r.GetAttribute("Id");
                    message.RootItemId = r.GetAttribute("RootItemId");
                    message.RootItemChangeKey = r.GetAttribute("RootItemChangeKey");
                    break;
                case "FolderId" when r.NamespaceURI == EwsNames.Types && message.FolderId is null:
                    message.FolderId = r.GetAttribute("Id");
                    break;
            }

            await r.ReadAsync().ConfigureAwait(false);
        }

        return message;
    }

    private static async Task<EwsFault> ReadFaultAsync(XmlReader r)
    {
        var fault = new EwsFault();
        if (r.IsEmptyElement)
        {
            return fault;
        }

        var depth = r.Depth;
        await r.ReadAsync().ConfigureAwait(false);
        while (!(r.Depth <= depth && r.NodeType == XmlNodeType.EndElement) && !r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element)
            {
                await r.ReadAsync().ConfigureAwait(false);
                continue;
            }

            switch (r.LocalName)
            {
                case "faultcode":
                    fault.FaultCode = (await r.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();
                    continue;
                case "faultstring":
                    fault.FaultString = await r.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    continue;
                case "ResponseCode" when r.NamespaceURI == EwsNames.Errors:
                    fault.ResponseCode = (await r.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();
                    continue;
                case "Message" when r.NamespaceURI == EwsNames.Errors:
                    fault.Message = await r.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    continue;
                case "MessageXml":
                    fault.MessageXml = await r.ReadOuterXmlAsync().ConfigureAwait(false);
                    fault.BackOffMilliseconds = BackOffFrom(fault.MessageXml);
                    continue;
            }

            await r.ReadAsync().ConfigureAwait(false);
        }

        return fault;
    }

    private static int IntAttribute(XmlReader r, string name) =>
        int.TryParse(r.GetAttribute(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    /// <summary>Finds <c>&lt;t:Value Name="BackOffMilliseconds"&gt;N&lt;/t:Value&gt;</c> in a MessageXml element.</summary>
    private static long? BackOffFrom(string messageXml)
    {
        using var r = XmlReader.Create(new StringReader(messageXml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "Value" && r.GetAttribute("Name") == "BackOffMilliseconds"
                && long.TryParse(r.ReadElementContentAsString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            {
                // Capped so a hostile or absurd hint still makes a TimeSpan (and is far above any MaxRetryDelay).
                return Math.Min(ms, (long)TimeSpan.FromDays(1).TotalMilliseconds);
            }
        }

        return null;
    }
}

/// <summary>The response was not a SOAP envelope (an HTML login page, an IIS error page).</summary>
internal sealed class EwsNotSoapException(string what) : Exception(what);
