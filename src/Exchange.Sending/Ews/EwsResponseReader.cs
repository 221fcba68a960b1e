using System.Buffers;
using System.Globalization;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>
/// Reads an EWS response with a forward-only <see cref="XmlReader"/>: <c>ServerVersionInfo</c>, SOAP faults and
/// response messages. Elements are matched by namespace URI and local name, never by prefix.
/// </summary>
internal static class EwsResponseReader
{
    // Responses of the sending operations are a few kilobytes; anything far larger is not an EWS answer to us.
    internal const int MaxResponseBytes = 16 * 1024 * 1024;

    // Synchronous parsing over the buffered body: an async XmlReader allocates 64 KB buffers per response.
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>Reads the body asynchronously into a pooled buffer, then parses it.</summary>
    /// <exception cref="EwsNotSoapException">The body is not a SOAP envelope, or is larger than <see cref="MaxResponseBytes"/>.</exception>
    public static async Task<EwsResponse> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        var length = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    if (length >= MaxResponseBytes)
                    {
                        throw new EwsNotSoapException($"a response larger than {MaxResponseBytes / (1024 * 1024)} MB");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            using var stream = new MemoryStream(buffer, 0, length, writable: false);
            return Parse(stream, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static EwsResponse Parse(Stream body, CancellationToken cancellationToken)
    {
        var response = new EwsResponse();
        using var r = XmlReader.Create(body, Settings);
        try
        {
            if (!MoveToContentElement(r) || r.LocalName != "Envelope" || r.NamespaceURI != EwsNames.Soap)
            {
                throw new EwsNotSoapException(r.NodeType == XmlNodeType.Element ? $"root element <{r.Name}>" : "no XML element");
            }
        }
        catch (XmlException ex)
        {
            throw new EwsNotSoapException("not XML: " + ex.Message);
        }

        while (r.Read())
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
                response.Fault = ReadFault(r);
            }
            else if (r.NamespaceURI == EwsNames.Messages && r.GetAttribute("ResponseClass") is { } responseClass)
            {
                response.Messages.Add(ReadResponseMessage(r, responseClass));
            }
        }

        return response;
    }

    private static bool MoveToContentElement(XmlReader r)
    {
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                return true;
            }
        }

        return false;
    }

    private static EwsResponseMessage ReadResponseMessage(XmlReader r, string responseClass)
    {
        var message = new EwsResponseMessage { ResponseClass = responseClass };
        ReadDescendants(r, () =>
        {
            switch (r.LocalName)
            {
                case "MessageText" when r.NamespaceURI == EwsNames.Messages:
                    message.MessageText = r.ReadElementContentAsString();
                    return true;
                case "ResponseCode" when r.NamespaceURI == EwsNames.Messages:
                    message.ResponseCode = r.ReadElementContentAsString().Trim();
                    return true;
                case "MessageXml" when r.NamespaceURI == EwsNames.Messages:
                    message.MessageXml = r.ReadOuterXml();
                    message.BackOffMilliseconds = BackOffFrom(message.MessageXml);
                    return true;
                case "ItemId" when r.NamespaceURI == EwsNames.Types && message.ItemId is null:
                    message.ItemId = r.GetAttribute("Id");
                    message.ChangeKey = r.GetAttribute("ChangeKey");
                    return false;
                case "AttachmentId" when r.NamespaceURI == EwsNames.Types:
                    message.AttachmentId = r.GetAttribute("Id");
                    message.RootItemId = r.GetAttribute("RootItemId");
                    message.RootItemChangeKey = r.GetAttribute("RootItemChangeKey");
                    return false;
                case "FolderId" when r.NamespaceURI == EwsNames.Types && message.FolderId is null:
                    message.FolderId = r.GetAttribute("Id");
                    return false;
                default:
                    return false;
            }
        });
        return message;
    }

    private static EwsFault ReadFault(XmlReader r)
    {
        var fault = new EwsFault();
        ReadDescendants(r, () =>
        {
            switch (r.LocalName)
            {
                case "faultcode":
                    fault.FaultCode = r.ReadElementContentAsString().Trim();
                    return true;
                case "faultstring":
                    fault.FaultString = r.ReadElementContentAsString();
                    return true;
                case "ResponseCode" when r.NamespaceURI == EwsNames.Errors:
                    fault.ResponseCode = r.ReadElementContentAsString().Trim();
                    return true;
                case "Message" when r.NamespaceURI == EwsNames.Errors:
                    fault.Message = r.ReadElementContentAsString();
                    return true;
                case "MessageXml":
                    fault.MessageXml = r.ReadOuterXml();
                    fault.BackOffMilliseconds = BackOffFrom(fault.MessageXml);
                    return true;
                default:
                    return false;
            }
        });
        return fault;
    }

    /// <summary>Visits every element below the current one, in document order, and stops at its end tag.
    /// <paramref name="onElement"/> returns <see langword="true"/> when it consumed the element (the reader moved past it).</summary>
    private static void ReadDescendants(XmlReader r, Func<bool> onElement)
    {
        if (r.IsEmptyElement)
        {
            return;
        }

        var depth = r.Depth;
        r.Read();
        while (!(r.Depth <= depth && r.NodeType == XmlNodeType.EndElement) && !r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && onElement())
            {
                continue;
            }

            r.Read();
        }
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
