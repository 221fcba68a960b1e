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
    private static XmlReaderSettings CreateSettings(XmlNameTable names) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
        // Exchange is known to put control characters (U+0001, &#x1B;) into text it copies from items, such as a
        // MessageText quoting a subject; XML 1.0 forbids them, and a strict reader would turn a delivered message into a
        // crash. As character references they are accepted in text and attribute values (raw ones are first turned into
        // references, see RawControlCharacters); ExchangeErrors shows them as U+XXXX. Broken markup is still an error.
        CheckCharacters = false,
        NameTable = names,
    };

    // One name table per thread, kept from response to response: a fresh XmlReader otherwise builds its own and
    // allocates every element and namespace name again (3 KB of the 10 KB a reader costs per response). Parsing is
    // synchronous, so a thread's table is never used by two readers at once.
    [ThreadStatic]
    private static BoundedNameTable? t_names;

    [ThreadStatic]
    private static XmlReaderSettings? t_settings;

    /// <summary>Reads the body asynchronously into a pooled buffer, then parses it.</summary>
    /// <exception cref="EwsNotSoapException">The body is not a SOAP envelope, or is larger than <see cref="MaxResponseBytes"/>.</exception>
    /// <exception cref="EwsMalformedResponseException">The body starts as a SOAP envelope but is not well-formed XML after that.</exception>
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

            return Parse(buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a whole response: with <see cref="EwsFastXmlReader"/> when it takes the response, else (and for every
    /// error) with <see cref="XmlReader"/>.</summary>
    internal static EwsResponse Parse(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (RawControlCharacters.Find(body.Span))
        {
            var escaped = RawControlCharacters.Escape(body.Span);
            using var escapedStream = new MemoryStream(escaped, writable: false);
            return Parse(escapedStream, StartsLikeXml(escaped), cancellationToken);
        }

        var last = t_last ??= new LastAnswer();
        if (last.Response is { } known && body.Length == last.Length && body.Span.SequenceEqual(last.Bytes.AsSpan(0, last.Length)))
        {
            return known;
        }

        if (TryParseFast(body, cancellationToken) is { } fast)
        {
            if (body.Length <= LastAnswer.MaxLength)
            {
                body.Span.CopyTo(last.Bytes);
                last.Length = body.Length;
                last.Response = fast;
            }

            return fast;
        }

        return ParseWithXmlReader(body, cancellationToken);
    }

    // The answer to a plain send is the same bytes every time from one server: CreateItem with SendAndSaveCopy or SendOnly
    // returns no item id, so it is ServerVersionInfo, NoError and an empty m:Items. Each thread keeps its last small answer
    // that the fast reader read and what it read from it, and an identical answer is not parsed again (issue 10: reading
    // was the largest part of the client's own work). A parsed response is never changed after it has been read, so the
    // same one may be returned twice; anything that differs by one byte is parsed as usual.
    [ThreadStatic]
    private static LastAnswer? t_last;

    private sealed class LastAnswer
    {
        public const int MaxLength = 4096;

        public readonly byte[] Bytes = new byte[MaxLength];

        public int Length = -1;

        public EwsResponse? Response;
    }

    /// <summary>Parses with <see cref="XmlReader"/> alone (raw control characters must have been escaped).</summary>
    internal static EwsResponse ParseWithXmlReader(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var stream = body.Length == 0 ? new MemoryStream([], writable: false) : AsStream(body);
        return Parse(stream, StartsLikeXml(body.Span), cancellationToken);
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> body) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);

    /// <summary>The response as <see cref="EwsFastXmlReader"/> reads it, or <see langword="null"/> when that reader declines
    /// it (then only <see cref="XmlReader"/> may decide, errors included).</summary>
    internal static EwsResponse? TryParseFast(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var span = body.Span;
        // Invalid UTF-8 and the non-characters U+FFFE/U+FFFF are XmlReader's to judge.
        if (!System.Text.Unicode.Utf8.IsValid(span) || span.IndexOf((ReadOnlySpan<byte>)[0xEF, 0xBF, 0xBE]) >= 0 || span.IndexOf((ReadOnlySpan<byte>)[0xEF, 0xBF, 0xBF]) >= 0)
        {
            return null;
        }

        var response = new EwsResponse();
        try
        {
            using var r = new EwsFastXmlReader(body, Names());
            if (!MoveToContentElement(r) || r.LocalName != "Envelope" || r.NamespaceURI != EwsNames.Soap)
            {
                return null;
            }

            ReadEnvelope(r, response, cancellationToken);
            return response;
        }
        catch (Exception ex) when (ex is EwsFastXmlReader.DeclinedException or XmlException)
        {
            // Declined, or refused by XmlReader's own rules above the parser (ReadElementContentAsString on an element with
            // children): XmlReader reads it again and decides.
            return null;
        }
    }

    private static BoundedNameTable Names()
    {
        if (t_names is null || t_names.IsFull)
        {
            // A server that answers with ever new names would otherwise grow the table without end.
            t_names = new BoundedNameTable();
            t_settings = CreateSettings(t_names);
        }

        return t_names;
    }

    /// <summary>The body begins (after a UTF-8 BOM and white space) with <c>&lt;</c>: meant as XML, so breaking before the first
    /// element is a broken answer; anything else (a plain-text error, nothing) is simply not SOAP.</summary>
    private static readonly System.Buffers.SearchValues<byte> XmlWhiteSpace = System.Buffers.SearchValues.Create(" \t\r\n"u8);

    private static bool StartsLikeXml(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        var at = body.IndexOfAnyExcept(XmlWhiteSpace);
        return at >= 0 && body[at] == (byte)'<';
    }

    private static EwsResponse Parse(Stream body, bool startsLikeXml, CancellationToken cancellationToken)
    {
        var response = new EwsResponse();
        Names();
        using var r = XmlReader.Create(body, t_settings!);
        try
        {
            if (!MoveToContentElement(r) || r.LocalName != "Envelope" || r.NamespaceURI != EwsNames.Soap)
            {
                throw new EwsNotSoapException(r.NodeType == XmlNodeType.Element ? $"root element <{r.Name}>" : "no XML element");
            }
        }
        catch (XmlException ex) when (startsLikeXml)
        {
            // XML broken before its first element (cut short, a stray byte): an answer that cannot be read, not a page from
            // something that is not EWS.
            throw new EwsMalformedResponseException(ex, response);
        }
        catch (XmlException ex)
        {
            throw new EwsNotSoapException("not XML: " + ex.Message);
        }

        try
        {
            ReadEnvelope(r, response, cancellationToken);
        }
        catch (XmlException ex)
        {
            // Cut short, or broken after the envelope began: what was read so far cannot be trusted as the whole answer.
            throw new EwsMalformedResponseException(ex, response);
        }

        return response;
    }

    private static void ReadEnvelope(XmlReader r, EwsResponse response, CancellationToken cancellationToken)
    {
        var bodyDepth = -1;
        while (r.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (r.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (r.Depth == 1 && r.NamespaceURI == EwsNames.Soap && r.LocalName == "Body")
            {
                bodyDepth = r.Depth;
                continue;
            }

            if (bodyDepth >= 0 && r.Depth == bodyDepth + 1 && response.BodyElement is null)
            {
                // The answer's element (m:CreateItemResponse, soap:Fault, ...): EwsResponseCheck compares it with the request.
                response.BodyElement = r.NamespaceURI == EwsNames.Messages ? r.LocalName : "{" + r.NamespaceURI + "}" + r.LocalName;
            }

            if (r.NamespaceURI == EwsNames.Types && r.LocalName == "ServerVersionInfo")
            {
                response.ServerVersion = new ExchangeServerVersionInfo(
                    IntAttribute(r, "MajorVersion"), IntAttribute(r, "MinorVersion"),
                    IntAttribute(r, "MajorBuildNumber"), IntAttribute(r, "MinorBuildNumber"), r.GetAttribute("Version"));
            }
            else if (r.NamespaceURI == EwsNames.Soap && r.LocalName == "Fault")
            {
                // Believed only as the body's one element (EwsTransport checks); one in the header or beside a response is not.
                response.FaultIsBody = bodyDepth >= 0 && r.Depth == bodyDepth + 1 && response.BodyElement == "{" + EwsNames.Soap + "}Fault" && response.Fault is null;
                response.Fault = ReadFault(r);
            }
            else if (r.NamespaceURI == EwsNames.Messages && r.GetAttribute("ResponseClass") is { } responseClass)
            {
                response.Messages.Add(ReadResponseMessage(r, responseClass));
            }
        }
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
        var message = new EwsResponseMessage { ResponseClass = responseClass, ElementName = r.LocalName };
        // Static, with the message as state: a closure here was allocated for every response (issue 10).
        ReadDescendants(r, message, static (r, message) =>
        {
            switch (r.LocalName)
            {
                case "MessageText" when r.NamespaceURI == EwsNames.Messages:
                    message.MessageText = r.ReadElementContentAsString();
                    return true;
                case "ResponseCode" when r.NamespaceURI == EwsNames.Messages:
                    message.ResponseCodeCount++;
                    message.ResponseCode = r.ReadElementContentAsString().Trim();
                    return true;
                case "MessageXml" when r.NamespaceURI == EwsNames.Messages:
                    message.MessageXml = r.ReadOuterXml();
                    message.BackOffMilliseconds = BackOffFrom(message.MessageXml);
                    return true;
                case "Items" when r.NamespaceURI == EwsNames.Types && !r.IsEmptyElement:
                    // FindItem's m:RootFolder/t:Items (CreateItem's m:Items is in the messages namespace). Left on its end
                    // tag, which counts as consumed; an empty <t:Items/> is stepped over like any other element.
                    ReadFoundItems(r, message.FoundItems);
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
                case "Resolution" when r.NamespaceURI == EwsNames.Types:
                    // ResolveNames: t:Mailbox inside follows (its t:Contact, when asked for, is stepped through).
                    message.Resolutions.Add(new EwsResolvedMailbox());
                    return false;
                case "Name" when r.NamespaceURI == EwsNames.Types && message.Resolutions.Count > 0 && message.Resolutions[^1].Name is null:
                    message.Resolutions[^1].Name = r.ReadElementContentAsString();
                    return true;
                case "EmailAddress" when r.NamespaceURI == EwsNames.Types && message.Resolutions.Count > 0 && message.Resolutions[^1].EmailAddress is null:
                    message.Resolutions[^1].EmailAddress = r.ReadElementContentAsString().Trim();
                    return true;
                case "FolderId" when r.NamespaceURI == EwsNames.Types && message.FolderId is null:
                    message.FolderId = r.GetAttribute("Id");
                    return false;
                default:
                    return false;
            }
        });
        return message;
    }

    /// <summary>Each item element (t:Message, t:Item…) under t:Items, with the properties FindItemOperation asks for.</summary>
    private static void ReadFoundItems(XmlReader r, List<EwsFoundItem> items)
    {
        var itemsDepth = r.Depth;
        EwsFoundItem? current = null;
        ReadDescendants(r, () =>
        {
            if (r.Depth == itemsDepth + 1)
            {
                current = new EwsFoundItem { ItemClass = r.LocalName };
                items.Add(current);
                return false;
            }

            if (current is null || r.NamespaceURI != EwsNames.Types)
            {
                return false;
            }

            switch (r.LocalName)
            {
                case "ItemId":
                    current.ItemId = r.GetAttribute("Id");
                    current.ChangeKey = r.GetAttribute("ChangeKey");
                    return false;
                case "Subject":
                    current.Subject = r.ReadElementContentAsString();
                    return true;
                case "InternetMessageId":
                    current.InternetMessageId = r.ReadElementContentAsString().Trim();
                    return true;
                case "DateTimeSent":
                    current.DateTimeSent = DateFrom(r.ReadElementContentAsString());
                    return true;
                case "DateTimeCreated":
                    current.DateTimeCreated = DateFrom(r.ReadElementContentAsString());
                    return true;
                default:
                    return false;
            }
        });
    }

    private static DateTimeOffset? DateFrom(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;

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
    private static void ReadDescendants(XmlReader r, Func<bool> onElement) =>
        ReadDescendants(r, onElement, static (_, onElement) => onElement());

    private static void ReadDescendants<TState>(XmlReader r, TState state, Func<XmlReader, TState, bool> onElement)
    {
        if (r.IsEmptyElement)
        {
            return;
        }

        var depth = r.Depth;
        r.Read();
        while (!(r.Depth <= depth && r.NodeType == XmlNodeType.EndElement) && !r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && onElement(r, state))
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
        using var r = XmlReader.Create(new StringReader(messageXml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CheckCharacters = false });
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

/// <summary>A <see cref="NameTable"/> that counts the names it has added, so that it can be dropped once it holds more
/// than the few dozen an EWS response uses.</summary>
internal sealed class BoundedNameTable : XmlNameTable
{
    private const int MaxNames = 4096;

    private readonly NameTable _names = new();
    private int _count;

    public bool IsFull => _count > MaxNames;

    public override string Add(char[] array, int offset, int length) =>
        _names.Get(array, offset, length) ?? Counted(_names.Add(array, offset, length));

    public override string Add(string array) => _names.Get(array) ?? Counted(_names.Add(array));

    public override string? Get(char[] array, int offset, int length) => _names.Get(array, offset, length);

    public override string? Get(string array) => _names.Get(array);

    private string Counted(string added)
    {
        _count++;
        return added;
    }
}

/// <summary>The response was not a SOAP envelope (an HTML login page, an IIS error page).</summary>
internal sealed class EwsNotSoapException(string what) : Exception(what);

/// <summary>The response began as a SOAP envelope and then stopped being well-formed XML (cut short, broken markup).
/// <see cref="Partial"/> holds what was read before the break; <see cref="XmlException.LineNumber"/> and
/// <see cref="XmlException.LinePosition"/> of <see cref="Exception.InnerException"/> say where.</summary>
internal sealed class EwsMalformedResponseException(XmlException inner, EwsResponse partial) : Exception(inner.Message, inner)
{
    public EwsResponse Partial { get; } = partial;

    public XmlException Xml { get; } = inner;
}
