using System.Text;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>
/// A forward-only <see cref="XmlReader"/> over a UTF-8 response in memory, for the shape EWS answers have: an XML
/// declaration, elements with attributes and namespace declarations, text with the five predefined entities and
/// character references. Whatever else it meets (a comment, CDATA, a DTD, a processing instruction, a name outside
/// ASCII, a character reference to a control character, <c>t:MessageXml</c>, and every well-formedness error) makes it
/// throw <see cref="DeclinedException"/>, and the response is read again from the start by <see cref="XmlReader"/>,
/// whose behaviour (and error messages) therefore decide every unusual answer.
/// </summary>
/// <remarks>
/// Why: a fresh <see cref="XmlReader"/> costs about 6 µs and 7–10 KB per response (issue 10), half of the client's work
/// for a plain send. A test reads a corpus of answers and thousands of corruptions of them with both readers and
/// requires the same result (or the same refusal) from each.
/// </remarks>
internal sealed class EwsFastXmlReader : XmlReader
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    // EWS answers have a handful of attributes per tag and of namespace declarations in force (Exchange's: 5 and 6).
    // Beyond these the answer goes to XmlReader, whose costs stay linear (a response of 16 MB of attributes would
    // otherwise cost the quadratic repeat check hours, and one Read cannot be cancelled).
    private const int MaxAttributes = 64;
    private const int MaxScopes = 64;

    private readonly ReadOnlyMemory<byte> _document;
    private readonly XmlNameTable _names;
    private readonly char[] _chars;
    private int _position;

    private XmlNodeType _nodeType = XmlNodeType.None;
    private ReadState _readState = ReadState.Initial;
    private string _localName = "";
    private string _prefix = "";
    private string _namespaceUri = "";
    private string _value = "";
    private bool _isEmptyElement;
    private int _depth;
    private bool _rootSeen;
    private bool _pendingEndOfEmpty;

    private (string Prefix, string LocalName)[] _open;
    private (int Start, int Length)[] _openNames;
    private int _openCount;
    private (string Prefix, string Uri, int Depth)[] _scopes;
    private int _scopeCount;
    private Attribute[] _attributes;
    private int _attributeCount;
    private int _currentAttribute = -1;

    private readonly string _xmlns;

    // The working arrays, kept per thread from response to response (1.5 KB a reader would otherwise allocate). A
    // reader is used synchronously from start to end, so one thread never has two at once; grown arrays are not kept.
    [ThreadStatic]
    private static Scratch? t_scratch;

    private sealed class Scratch
    {
        public readonly char[] Chars = new char[256];
        public readonly (string, string)[] Open = new (string, string)[16];
        public readonly (int, int)[] OpenNames = new (int, int)[16];
        public readonly (string, string, int)[] Scopes = new (string, string, int)[16];
        // Exchange's ServerVersionInfo alone has 9 (5 attributes, 4 declarations): 8 grew on every answer.
        public readonly Attribute[] Attributes = new Attribute[16];
        public readonly EwsShortStrings Names = new();
        public readonly EwsShortStrings Values = new();
        public XmlNameTable? NamesFrom;
    }

    public EwsFastXmlReader(ReadOnlyMemory<byte> document, XmlNameTable names)
    {
        _document = document;
        _names = names;
        _xmlns = names.Add("xmlns");
        var scratch = t_scratch ??= new Scratch();
        _chars = scratch.Chars;
        _open = scratch.Open;
        _openNames = scratch.OpenNames;
        _scopes = scratch.Scopes;
        _attributes = scratch.Attributes;
        if (!ReferenceEquals(scratch.NamesFrom, names))
        {
            // Names are compared by reference with this table's atoms ("xmlns"): the cache holds one table's names only.
            scratch.Names.Clear();
            scratch.NamesFrom = names;
        }

        _nameCache = scratch.Names;
        _valueCache = scratch.Values;
    }

    private readonly EwsShortStrings _nameCache;
    private readonly EwsShortStrings _valueCache;

    /// <summary>The response has something this reader leaves to <see cref="XmlReader"/>.</summary>
    internal sealed class DeclinedException(string reason) : Exception(reason);

    private struct Attribute
    {
        public string Prefix;
        public string LocalName;
        public string NamespaceUri;
        public string Value;
    }

    public override XmlNodeType NodeType => _currentAttribute >= 0 ? XmlNodeType.Attribute : _nodeType;

    public override string LocalName => _currentAttribute >= 0 ? _attributes[_currentAttribute].LocalName : _localName;

    public override string NamespaceURI => _currentAttribute >= 0 ? _attributes[_currentAttribute].NamespaceUri : _namespaceUri;

    public override string Prefix => _currentAttribute >= 0 ? _attributes[_currentAttribute].Prefix : _prefix;

    public override string Value => _currentAttribute >= 0 ? _attributes[_currentAttribute].Value : _value;

    public override int Depth => _currentAttribute >= 0 ? _depth + 1 : _depth;

    public override string BaseURI => "";

    public override bool IsEmptyElement => _currentAttribute < 0 && _isEmptyElement;

    public override int AttributeCount => _nodeType == XmlNodeType.Element ? _attributeCount : 0;

    public override bool EOF => _readState == ReadState.EndOfFile;

    public override ReadState ReadState => _readState;

    public override XmlNameTable NameTable => _names;

    public override string? GetAttribute(string name)
    {
        for (var i = 0; i < AttributeCount; i++)
        {
            ref var a = ref _attributes[i];
            if (a.Prefix.Length == 0 ? a.LocalName == name : name.Length == a.Prefix.Length + 1 + a.LocalName.Length
                && name.StartsWith(a.Prefix, StringComparison.Ordinal) && name[a.Prefix.Length] == ':' && name.EndsWith(a.LocalName, StringComparison.Ordinal))
            {
                return a.Value;
            }
        }

        return null;
    }

    public override string? GetAttribute(string name, string? namespaceURI)
    {
        for (var i = 0; i < AttributeCount; i++)
        {
            if (_attributes[i].LocalName == name && _attributes[i].NamespaceUri == (namespaceURI ?? ""))
            {
                return _attributes[i].Value;
            }
        }

        return null;
    }

    public override string GetAttribute(int i) =>
        i >= 0 && i < AttributeCount ? _attributes[i].Value : throw new ArgumentOutOfRangeException(nameof(i));

    public override string? LookupNamespace(string prefix) => Resolve(prefix);

    public override bool MoveToAttribute(string name)
    {
        for (var i = 0; i < AttributeCount; i++)
        {
            if ((_attributes[i].Prefix.Length == 0 ? _attributes[i].LocalName : _attributes[i].Prefix + ":" + _attributes[i].LocalName) == name)
            {
                _currentAttribute = i;
                return true;
            }
        }

        return false;
    }

    public override bool MoveToAttribute(string name, string? ns)
    {
        for (var i = 0; i < AttributeCount; i++)
        {
            if (_attributes[i].LocalName == name && _attributes[i].NamespaceUri == (ns ?? ""))
            {
                _currentAttribute = i;
                return true;
            }
        }

        return false;
    }

    public override bool MoveToElement()
    {
        var wasOnAttribute = _currentAttribute >= 0;
        _currentAttribute = -1;
        return wasOnAttribute;
    }

    public override bool MoveToFirstAttribute()
    {
        if (AttributeCount == 0)
        {
            return false;
        }

        _currentAttribute = 0;
        return true;
    }

    public override bool MoveToNextAttribute()
    {
        if (_currentAttribute + 1 >= AttributeCount)
        {
            return false;
        }

        _currentAttribute++;
        return true;
    }

    public override bool ReadAttributeValue() => throw new DeclinedException("attribute value nodes");

    public override void ResolveEntity() => throw new DeclinedException("entity references");

    public override bool Read()
    {
        _currentAttribute = -1;
        if (_readState == ReadState.EndOfFile)
        {
            return false;
        }

        if (_readState == ReadState.Initial)
        {
            _readState = ReadState.Interactive;
            ReadProlog();
        }

        if (_pendingEndOfEmpty)
        {
            // The empty element reported as one node; its scope ends now.
            _pendingEndOfEmpty = false;
            EndScope();
        }

        var span = _document.Span;
        while (true)
        {
            if (_position >= span.Length)
            {
                if (!_rootSeen || _openCount > 0)
                {
                    throw new DeclinedException("the document ends early");
                }

                _readState = ReadState.EndOfFile;
                _nodeType = XmlNodeType.None;
                _depth = 0;
                return false;
            }

            if (span[_position] == (byte)'<')
            {
                if (_position + 1 >= span.Length)
                {
                    throw new DeclinedException("the document ends in a tag");
                }

                var next = span[_position + 1];
                if (next == (byte)'/')
                {
                    ReadEndTag(span);
                    return true;
                }

                if (next is (byte)'!' or (byte)'?')
                {
                    throw new DeclinedException("a comment, CDATA, DTD or processing instruction");
                }

                ReadStartTag(span);
                return true;
            }

            var end = span[_position..].IndexOf((byte)'<');
            var text = end < 0 ? span[_position..] : span.Slice(_position, end);
            _position += text.Length;
            if (IsWhiteSpace(text))
            {
                continue;   // IgnoreWhitespace, as the XmlReader settings say
            }

            if (_openCount == 0)
            {
                throw new DeclinedException("text outside the root element");
            }

            _nodeType = XmlNodeType.Text;
            _value = DecodeShort(text, attribute: false);
            if (string.IsNullOrWhiteSpace(_value))
            {
                throw new DeclinedException("white space written as references");
            }

            _depth = _openCount;
            _localName = _prefix = _namespaceUri = "";
            _isEmptyElement = false;
            return true;
        }
    }

    private void ReadProlog()
    {
        var span = _document.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            _position = 3;
        }

        if (!span[_position..].StartsWith("<?xml"u8))
        {
            return;
        }

        var end = span[_position..].IndexOf("?>"u8);
        if (end < 0)
        {
            throw new DeclinedException("an unfinished XML declaration");
        }

        var declaration = span.Slice(_position, end + 2);
        if (!declaration.SequenceEqual("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8) && !declaration.SequenceEqual("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8)
            && !declaration.SequenceEqual("<?xml version=\"1.0\"?>"u8) && !declaration.SequenceEqual("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>"u8))
        {
            throw new DeclinedException("an XML declaration of another form");
        }

        _position += declaration.Length;
    }

    private void ReadStartTag(ReadOnlySpan<byte> span)
    {
        if (_rootSeen && _openCount == 0)
        {
            throw new DeclinedException("a second root element");
        }

        _position++;
        var nameStart = _position;
        var (prefix, localName) = ReadQualifiedName(span);
        var nameLength = _position - nameStart;
        _attributeCount = 0;
        var depth = _openCount;
        while (true)
        {
            var spaces = SkipWhiteSpace(span);
            if (_position >= span.Length)
            {
                throw new DeclinedException("the document ends in a start tag");
            }

            var c = span[_position];
            if (c == (byte)'>' || (c == (byte)'/' && _position + 1 < span.Length && span[_position + 1] == (byte)'>'))
            {
                _isEmptyElement = c == (byte)'/';
                _position += _isEmptyElement ? 2 : 1;
                break;
            }

            if (spaces == 0)
            {
                throw new DeclinedException("no space before an attribute");
            }

            if (_attributeCount == MaxAttributes)
            {
                // The repeat check below compares each attribute with the earlier ones: bounded, it stays cheap.
                throw new DeclinedException("more attributes in one tag than an EWS answer has");
            }

            ReadAttribute(span, depth);
        }

        // Names resolve once every declaration of the tag is known.
        _prefix = prefix;
        _localName = localName;
        _namespaceUri = Resolve(prefix) ?? throw new DeclinedException("an undeclared prefix");
        for (var i = 0; i < _attributeCount; i++)
        {
            ref var a = ref _attributes[i];
            a.NamespaceUri = a.Prefix == "xmlns" || (a.Prefix.Length == 0 && a.LocalName == "xmlns") ? XmlnsNamespace
                : a.Prefix.Length == 0 ? "" : Resolve(a.Prefix) ?? throw new DeclinedException("an undeclared attribute prefix");
            for (var j = 0; j < i; j++)
            {
                if ((_attributes[j].LocalName == a.LocalName && _attributes[j].Prefix == a.Prefix)
                    || (_attributes[j].LocalName == a.LocalName && _attributes[j].NamespaceUri == a.NamespaceUri && a.NamespaceUri.Length > 0))
                {
                    throw new DeclinedException("a repeated attribute");
                }
            }
        }

        if (_namespaceUri == EwsNames.Messages && localName == "MessageXml")
        {
            // Read with ReadOuterXml, which this reader does not offer.
            throw new DeclinedException("MessageXml");
        }

        _rootSeen = true;
        _nodeType = XmlNodeType.Element;
        _value = "";
        _depth = depth;
        _pendingEndOfEmpty = _isEmptyElement;
        _openCount++;
        Push(prefix, localName, nameStart, nameLength);
    }

    private void Push(string prefix, string localName, int nameStart, int nameLength)
    {
        if (_openCount > _open.Length)
        {
            Array.Resize(ref _open, _open.Length * 2);
            Array.Resize(ref _openNames, _open.Length);
        }

        _open[_openCount - 1] = (prefix, localName);
        _openNames[_openCount - 1] = (nameStart, nameLength);
    }

    // Closes the innermost element (at depth _openCount - 1) and the namespace declarations it made.
    private void EndScope()
    {
        _openCount--;
        while (_scopeCount > 0 && _scopes[_scopeCount - 1].Depth >= _openCount)
        {
            _scopeCount--;
        }
    }

    private void ReadAttribute(ReadOnlySpan<byte> span, int depth)
    {
        var (prefix, localName) = ReadQualifiedName(span);
        SkipWhiteSpace(span);
        if (_position >= span.Length || span[_position] != (byte)'=')
        {
            throw new DeclinedException("an attribute without a value");
        }

        _position++;
        SkipWhiteSpace(span);
        if (_position >= span.Length || span[_position] is not ((byte)'"' or (byte)'\''))
        {
            throw new DeclinedException("an unquoted attribute value");
        }

        var quote = span[_position++];
        var end = span[_position..].IndexOf(quote);
        if (end < 0)
        {
            throw new DeclinedException("an unfinished attribute value");
        }

        var raw = span.Slice(_position, end);
        if (raw.IndexOf((byte)'<') >= 0)
        {
            throw new DeclinedException("'<' in an attribute value");
        }

        _position += end + 1;
        var isDeclaration = ReferenceEquals(prefix, _xmlns) || (prefix.Length == 0 && ReferenceEquals(localName, _xmlns));
        var known = isDeclaration ? KnownNamespace(raw) : null;
        var value = known ?? DecodeShort(raw, attribute: true);
        if (isDeclaration)
        {
            var declared = prefix.Length == 0 ? "" : localName;
            if (declared is "xml" or "xmlns" || (declared.Length > 0 && value.Length == 0) || value == XmlNamespace || value == XmlnsNamespace)
            {
                throw new DeclinedException("a reserved or empty namespace declaration");
            }

            if (_scopeCount == MaxScopes)
            {
                // Resolve walks the declarations in force: bounded, it stays cheap.
                throw new DeclinedException("more namespace declarations in force than an EWS answer has");
            }

            if (_scopeCount == _scopes.Length)
            {
                Array.Resize(ref _scopes, _scopeCount * 2);
            }

            value = known ?? _names.Add(value);
            _scopes[_scopeCount++] = (declared, value, depth);
        }
        else if (prefix == "xml" && localName != "lang")
        {
            // xml:space="preserve" would make XmlReader report white space; left to it.
            throw new DeclinedException("an xml: attribute");
        }

        if (_attributeCount == _attributes.Length)
        {
            Array.Resize(ref _attributes, _attributeCount * 2);
        }

        _attributes[_attributeCount++] = new Attribute { Prefix = prefix, LocalName = localName, Value = value, NamespaceUri = "" };
    }

    // The namespaces EWS answers declare, recognised from their bytes: no decoding, hashing or allocation.
    private static readonly (byte[] Utf8, string Uri)[] KnownNamespaces =
        [.. new[] { EwsNames.Soap, EwsNames.Types, EwsNames.Messages, EwsNames.Errors, "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/2001/XMLSchema" }
            .Select(uri => (Encoding.UTF8.GetBytes(uri), uri))];

    private static string? KnownNamespace(ReadOnlySpan<byte> raw)
    {
        foreach (var (utf8, uri) in KnownNamespaces)
        {
            if (raw.SequenceEqual(utf8))
            {
                return uri;
            }
        }

        return null;
    }

    private void ReadEndTag(ReadOnlySpan<byte> span)
    {
        _position += 2;
        if (_openCount == 0)
        {
            throw new DeclinedException("an end tag without a start tag");
        }

        // Compared with the start tag's name as bytes: no atomizing of end tags.
        var (nameStart, nameLength) = _openNames[_openCount - 1];
        var length = NameLength(span, _position);
        if (!span.Slice(_position, length).SequenceEqual(span.Slice(nameStart, nameLength)))
        {
            throw new DeclinedException("an end tag that does not match");
        }

        _position += length;
        var (prefix, localName) = _open[_openCount - 1];
        SkipWhiteSpace(span);
        if (_position >= span.Length || span[_position] != (byte)'>')
        {
            throw new DeclinedException("an unfinished end tag");
        }

        _position++;
        _nodeType = XmlNodeType.EndElement;
        _prefix = prefix;
        _localName = localName;
        _namespaceUri = Resolve(prefix) ?? "";
        _value = "";
        _isEmptyElement = false;
        _attributeCount = 0;
        _depth = _openCount - 1;
        EndScope();
    }

    private string? Resolve(string prefix)
    {
        if (prefix == "xml")
        {
            return XmlNamespace;
        }

        for (var i = _scopeCount - 1; i >= 0; i--)
        {
            if (_scopes[i].Prefix == prefix)
            {
                return _scopes[i].Uri.Length == 0 && prefix.Length == 0 ? "" : _scopes[i].Uri;
            }
        }

        return prefix.Length == 0 ? "" : null;
    }

    // ASCII names only (letters, digits, '_', '-', '.'; starting with a letter or '_', also after the colon), at most
    // one colon.
    private static readonly System.Buffers.SearchValues<byte> NameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:"u8);

    private static bool IsNameStart(byte c) => c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    /// <summary>Length of the name at <paramref name="start"/>, checked; the reader declines a name it does not take.</summary>
    private int NameLength(ReadOnlySpan<byte> span, int start)
    {
        var length = span[start..].IndexOfAnyExcept(NameBytes);
        if (length < 0)
        {
            length = span.Length - start;
        }

        var name = span.Slice(start, length);
        var colon = name.IndexOf((byte)':');
        if (length == 0 || length > _chars.Length || !IsNameStart(name[0])
            || (colon >= 0 && (colon == length - 1 || !IsNameStart(name[colon + 1]) || name[(colon + 1)..].IndexOf((byte)':') >= 0)))
        {
            throw new DeclinedException("a name this reader does not take");
        }

        if (start + length < span.Length && span[start + length] >= 0x80)
        {
            throw new DeclinedException("a name outside ASCII");
        }

        return length;
    }

    private (string Prefix, string LocalName) ReadQualifiedName(ReadOnlySpan<byte> span)
    {
        var start = _position;
        var length = NameLength(span, start);
        _position += length;
        var name = span.Slice(start, length);
        var colon = name.IndexOf((byte)':');
        return colon < 0
            ? ("", Atomize(name))
            : (Atomize(name[..colon]), Atomize(name[(colon + 1)..]));
    }

    private string Atomize(ReadOnlySpan<byte> ascii)
    {
        var cached = ascii.Length <= EwsShortStrings.MaxLength;
        var slot = 0;
        if (cached && _nameCache.Find(ascii, out slot) is { } known)
        {
            return known;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            _chars[i] = (char)ascii[i];
        }

        var name = _names.Add(_chars, 0, ascii.Length);
        return cached ? _nameCache.Keep(ascii, slot, name) : name;
    }

    // A short value of plain ASCII (no references, line ends or tabs, which Decode rewrites) is its bytes widened, and
    // likely the same as in the last answer.
    private string DecodeShort(ReadOnlySpan<byte> raw, bool attribute)
    {
        if (raw.Length > EwsShortStrings.MaxLength || !System.Text.Ascii.IsValid(raw) || raw.IndexOfAny("&\r\t\n"u8) >= 0 || (!attribute && raw.IndexOf("]]>"u8) >= 0))
        {
            return Decode(raw, attribute);
        }

        return _valueCache.Find(raw, out var slot) ?? _valueCache.Keep(raw, slot, Encoding.ASCII.GetString(raw));
    }

    private int SkipWhiteSpace(ReadOnlySpan<byte> span)
    {
        var start = _position;
        while (_position < span.Length && span[_position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            _position++;
        }

        return _position - start;
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(" \t\r\n"u8) < 0;

    // Text and attribute values: references resolved; line ends normalised to LF (text) or to a space (attribute
    // values, with tab), as XML 1.0 §2.11 and §3.3.3 say and XmlReader does.
    private static string Decode(ReadOnlySpan<byte> raw, bool attribute)
    {
        if (raw.IndexOf("]]>"u8) >= 0 && !attribute)
        {
            throw new DeclinedException("']]>' in text");
        }

        if (raw.IndexOfAny("&\r\t\n"u8) < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var at = raw.IndexOfAny("&\r\t\n"u8);
            if (at < 0)
            {
                text.Append(Encoding.UTF8.GetString(raw));
                break;
            }

            text.Append(Encoding.UTF8.GetString(raw[..at]));
            var c = raw[at];
            if (c == (byte)'&')
            {
                var end = raw[at..].IndexOf((byte)';');
                if (end < 0)
                {
                    throw new DeclinedException("an unfinished reference");
                }

                AppendReference(text, raw.Slice(at + 1, end - 1));
                raw = raw[(at + end + 1)..];
                continue;
            }

            if (c == (byte)'\r')
            {
                text.Append(attribute ? ' ' : '\n');
                raw = at + 1 < raw.Length && raw[at + 1] == (byte)'\n' ? raw[(at + 2)..] : raw[(at + 1)..];
                continue;
            }

            text.Append(attribute ? ' ' : (char)c);
            raw = raw[(at + 1)..];
        }

        return text.ToString();
    }

    private static void AppendReference(StringBuilder text, ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("lt"u8))
        {
            text.Append('<');
        }
        else if (name.SequenceEqual("gt"u8))
        {
            text.Append('>');
        }
        else if (name.SequenceEqual("amp"u8))
        {
            text.Append('&');
        }
        else if (name.SequenceEqual("quot"u8))
        {
            text.Append('"');
        }
        else if (name.SequenceEqual("apos"u8))
        {
            text.Append('\'');
        }
        else if (name.Length >= 2 && name[0] == (byte)'#')
        {
            var hex = name[1] == (byte)'x';
            var digits = name[(hex ? 2 : 1)..];
            if (digits.IsEmpty || digits.Length > 6)
            {
                throw new DeclinedException("a character reference this reader does not take");
            }

            var code = 0;
            foreach (var d in digits)
            {
                var value = d is >= (byte)'0' and <= (byte)'9' ? d - '0'
                    : hex && d is >= (byte)'a' and <= (byte)'f' ? d - 'a' + 10
                    : hex && d is >= (byte)'A' and <= (byte)'F' ? d - 'A' + 10
                    : throw new DeclinedException("a character reference this reader does not take");
                code = (code * (hex ? 16 : 10)) + value;
            }

            // Control characters, surrogates and non-characters are left to XmlReader's own rules.
            if ((code < 0x20 && code is not (0x9 or 0xA or 0xD)) || code is >= 0xD800 and <= 0xDFFF || code is 0xFFFE or 0xFFFF || code > 0x10FFFF)
            {
                throw new DeclinedException("a character reference this reader does not take");
            }

            text.Append(char.ConvertFromUtf32(code));
        }
        else
        {
            throw new DeclinedException("an entity this reader does not know");
        }
    }
}
