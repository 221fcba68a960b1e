using System.Buffers;
using System.Text;
using System.Xml;

namespace Exchange.Sending.Ews;

/// <summary>
/// The <see cref="XmlWriter"/> every EWS request is written with: UTF-8 straight into the output's pooled buffer, with
/// the escaping of <see cref="EwsEnvelopeWriter.Settings"/> (text: <c>&amp; &lt; &gt;</c> and CR as references, which a
/// parser would otherwise normalise away; attribute values also <c>"</c>, LF and tab), characters XML 1.0 cannot carry refused with
/// <see cref="ArgumentException"/>, and the namespace prefixes the envelope and operations use declared where first
/// needed. Its output is byte for byte what <see cref="XmlWriter.Create(Stream, XmlWriterSettings)"/> writes for the
/// same calls (a test compares the two over every operation).
/// </summary>
/// <remarks>
/// Why not XmlWriter.Create: creating one costs about 10 µs and 8.8 KB per request (its well-formedness checker, name
/// table and 6 KB of encoding buffers, zeroed each time), a third of the client's work for a plain message (issue 10).
/// Only what the operations call is supported: elements with a prefix and namespace, unprefixed attributes,
/// <c>xmlns:prefix</c> declarations, text and raw text; anything else throws <see cref="NotSupportedException"/>.
/// </remarks>
internal sealed class EwsUtf8Writer : XmlWriter
{
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private readonly IBufferWriter<byte> _output;
    // Rented, and returned when the writer is disposed: one writer per request, and these two arrays were a fifth of what
    // building a small request allocated (issue 10).
    private (string Prefix, string LocalName)[] _elements = ArrayPool<(string, string)>.Shared.Rent(16);
    private (string Prefix, string Namespace, int Depth)[] _namespaces = ArrayPool<(string, string, int)>.Shared.Rent(8);
    private int _depth;
    private int _namespaceCount;
    private bool _startTagOpen;
    private (string Prefix, string Namespace)? _implicitDeclaration;
    private string? _declaringPrefix;
    // The namespace an xmlns attribute declares: the string written (a constant of EwsNames), so nothing is copied.
    private string? _declaredNamespace;
    private WriteState _state = WriteState.Start;

    public EwsUtf8Writer(IBufferWriter<byte> output) => _output = output;

    public override WriteState WriteState => _state;

    public override void WriteStartDocument() => WriteStartDocument(standalone: false);

    public override void WriteStartDocument(bool standalone)
    {
        if (_state != WriteState.Start)
        {
            throw new InvalidOperationException("The XML declaration must come first.");
        }

        Ascii(standalone ? "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" : "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        _state = WriteState.Prolog;
    }

    public override void WriteEndDocument()
    {
        while (_depth > 0)
        {
            WriteEndElement();
        }

        _state = WriteState.Start;
    }

    public override void WriteStartElement(string? prefix, string localName, string? ns)
    {
        if (string.IsNullOrEmpty(prefix) || string.IsNullOrEmpty(ns))
        {
            throw new NotSupportedException("EWS requests write every element with a prefix and a namespace.");
        }

        CloseStartTag();
        if (_depth == _elements.Length)
        {
            Grow(ref _elements);
        }

        _elements[_depth++] = (prefix, localName);
        Markup("<"u8, prefix, localName, default);
        _startTagOpen = true;
        _state = WriteState.Element;
        if (LookupNamespace(prefix) != ns)
        {
            // As XmlWriter does: an undeclared prefix is declared on this element, after its attributes.
            PushNamespace(prefix, ns);
            _implicitDeclaration = (prefix, ns);
        }
    }

    public override void WriteEndElement()
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("There is no open element to end.");
        }

        var (prefix, localName) = _elements[--_depth];
        if (_startTagOpen)
        {
            FinishStartTag();
            Ascii(" />");
        }
        else
        {
            Markup("</"u8, prefix, localName, ">"u8);
        }

        while (_namespaceCount > 0 && _namespaces[_namespaceCount - 1].Depth > _depth)
        {
            _namespaceCount--;
        }

        _state = _depth == 0 ? WriteState.Prolog : WriteState.Content;
    }

    public override void WriteFullEndElement()
    {
        CloseStartTag();
        WriteEndElement();
    }

    public override void WriteStartAttribute(string? prefix, string localName, string? ns)
    {
        if (!_startTagOpen)
        {
            throw new InvalidOperationException("An attribute must follow a start tag.");
        }

        if (prefix == "xmlns" || ns == XmlnsNamespace)
        {
            _declaringPrefix = localName;
            _declaredNamespace = null;
            Markup(" xmlns:"u8, null, localName, "=\""u8);
        }
        else if (!string.IsNullOrEmpty(prefix) || !string.IsNullOrEmpty(ns))
        {
            throw new NotSupportedException("EWS requests write attributes without a prefix.");
        }
        else
        {
            Markup(" "u8, null, localName, "=\""u8);
        }

        _state = WriteState.Attribute;
    }

    public override void WriteEndAttribute()
    {
        Byte((byte)'"');
        if (_declaringPrefix is not null)
        {
            var declared = _declaredNamespace ?? "";
            if (_implicitDeclaration is { } pending && pending.Prefix == _declaringPrefix)
            {
                // The element's own prefix, declared explicitly: written once (XmlWriter does the same), and never
                // bound to two namespaces on one element.
                if (pending.Namespace != declared)
                {
                    throw new XmlException($"The prefix '{_declaringPrefix}' cannot be redefined from '{pending.Namespace}' to '{declared}' within the same start element tag.");
                }

                _implicitDeclaration = null;
            }
            else
            {
                PushNamespace(_declaringPrefix, declared);
            }

            _declaringPrefix = null;
        }

        _state = WriteState.Element;
    }

    public override void WriteString(string? text)
    {
        if (_state == WriteState.Attribute)
        {
            if (_declaringPrefix is not null)
            {
                _declaredNamespace = _declaredNamespace is null ? text : _declaredNamespace + text;
            }

            Escaped(text, attribute: true);
            return;
        }

        if (text is null)
        {
            return;   // as XmlWriter: no text, and the start tag may still end as an empty element
        }

        CloseStartTag();
        Escaped(text, attribute: false);
        _state = WriteState.Content;
    }

    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    public override void WriteRaw(string data)
    {
        if (_state != WriteState.Attribute)
        {
            CloseStartTag();
            if (_depth > 0)
            {
                _state = WriteState.Content;
            }
        }

        Utf8(data);
    }

    public override void WriteRaw(char[] buffer, int index, int count) => WriteRaw(new string(buffer, index, count));

    public override void Flush()
    {
        // Everything is already in the output buffer.
    }

    public override string? LookupPrefix(string ns)
    {
        for (var i = _namespaceCount - 1; i >= 0; i--)
        {
            if (_namespaces[i].Namespace == ns)
            {
                return _namespaces[i].Prefix;
            }
        }

        return null;
    }

    public override void WriteBase64(byte[] buffer, int index, int count) => throw Unsupported();

    public override void WriteCData(string? text) => throw Unsupported();

    public override void WriteCharEntity(char ch) => throw Unsupported();

    public override void WriteComment(string? text) => throw Unsupported();

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => throw Unsupported();

    public override void WriteEntityRef(string name) => throw Unsupported();

    public override void WriteProcessingInstruction(string name, string? text) => throw Unsupported();

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => throw Unsupported();

    public override void WriteWhitespace(string? ws) => throw Unsupported();

    private static NotSupportedException Unsupported() => new("EWS requests do not use this XmlWriter method.");

    private string? LookupNamespace(string prefix)
    {
        for (var i = _namespaceCount - 1; i >= 0; i--)
        {
            if (_namespaces[i].Prefix == prefix)
            {
                return _namespaces[i].Namespace;
            }
        }

        return null;
    }

    private void PushNamespace(string prefix, string ns)
    {
        if (_namespaceCount == _namespaces.Length)
        {
            Grow(ref _namespaces);
        }

        _namespaces[_namespaceCount++] = (prefix, ns, _depth);
    }

    private static void Grow<T>(ref T[] array)
    {
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(16, array.Length * 2));
        array.AsSpan().CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array, clearArray: true);
        array = bigger;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _elements.Length > 0)
        {
            ArrayPool<(string, string)>.Shared.Return(_elements, clearArray: true);
            ArrayPool<(string, string, int)>.Shared.Return(_namespaces, clearArray: true);
            _elements = [];
            _namespaces = [];
        }

        base.Dispose(disposing);
    }

    private void CloseStartTag()
    {
        if (_startTagOpen)
        {
            FinishStartTag();
            Byte((byte)'>');
        }
    }

    private void FinishStartTag()
    {
        if (_implicitDeclaration is { } declaration)
        {
            Ascii(" xmlns:");
            Ascii(declaration.Prefix);
            Ascii("=\"");
            Escaped(declaration.Namespace, attribute: true);
            Byte((byte)'"');
            _implicitDeclaration = null;
        }

        _startTagOpen = false;
    }

    /// <summary><paramref name="before"/>, <c>prefix:localName</c> (or <c>localName</c> alone when <paramref name="prefix"/> is
    /// null), <paramref name="after"/>: one span and one Advance where four were taken (names are ASCII in practice;
    /// anything else goes the long way, as UTF-8). Issue 10: the writer was half of the client's own work.</summary>
    private void Markup(ReadOnlySpan<byte> before, string? prefix, string localName, ReadOnlySpan<byte> after)
    {
        var length = before.Length + (prefix is null ? 0 : prefix.Length + 1) + localName.Length + after.Length;
        var span = _output.GetSpan(length);
        before.CopyTo(span);
        var at = before.Length;
        if (prefix is not null)
        {
            if (System.Text.Ascii.FromUtf16(prefix, span[at..], out var written) != System.Buffers.OperationStatus.Done)
            {
                MarkupUtf8(before, prefix, localName, after);
                return;
            }

            at += written;
            span[at++] = (byte)':';
        }

        if (System.Text.Ascii.FromUtf16(localName, span[at..], out var local) != System.Buffers.OperationStatus.Done)
        {
            MarkupUtf8(before, prefix, localName, after);
            return;
        }

        at += local;
        after.CopyTo(span[at..]);
        _output.Advance(at + after.Length);
    }

    // Nothing was advanced yet: the same markup, piece by piece.
    private void MarkupUtf8(ReadOnlySpan<byte> before, string? prefix, string localName, ReadOnlySpan<byte> after)
    {
        before.CopyTo(_output.GetSpan(before.Length));
        _output.Advance(before.Length);
        if (prefix is not null)
        {
            Ascii(prefix);
            Byte((byte)':');
        }

        Ascii(localName);
        after.CopyTo(_output.GetSpan(after.Length));
        _output.Advance(after.Length);
    }

    private void Byte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void Ascii(string text)
    {
        // Names and markup: ASCII in practice (one byte per character); anything else is written as UTF-8.
        var span = _output.GetSpan(text.Length);
        if (System.Text.Ascii.FromUtf16(text, span, out var written) == System.Buffers.OperationStatus.Done)
        {
            _output.Advance(written);
            return;
        }

        Utf8(text);
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = _output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    // What needs attention: the markup characters, CR, LF and tab (see Escaped), and everything else below U+0020,
    // surrogates and U+FFFE/U+FFFF (checked).
    private static readonly SearchValues<char> TextSpecial = SearchValues.Create(MakeSpecial(attribute: false));
    private static readonly SearchValues<char> AttributeSpecial = SearchValues.Create(MakeSpecial(attribute: true));

    private static string MakeSpecial(bool attribute)
    {
        var special = new StringBuilder("&<>");
        if (attribute)
        {
            special.Append('"');
        }

        for (var c = '\0'; c < ' '; c++)
        {
            special.Append(c);
        }

        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            special.Append(c);
        }

        return special.Append('\uFFFE').Append('\uFFFF').ToString();
    }

    private void Escaped(ReadOnlySpan<char> text, bool attribute)
    {
        var special = attribute ? AttributeSpecial : TextSpecial;
        while (!text.IsEmpty)
        {
            var at = text.IndexOfAny(special);
            if (at < 0)
            {
                Utf8(text);
                return;
            }

            Utf8(text[..at]);
            var c = text[at];
            var consumed = 1;
            switch (c)
            {
                case '&':
                    Ascii("&amp;");
                    break;
                case '<':
                    Ascii("&lt;");
                    break;
                case '>':
                    Ascii("&gt;");
                    break;
                case '"':
                    Ascii("&quot;");
                    break;
                case '\r':
                    Ascii("&#xD;");
                    break;
                case '\n' or '\t':
                    // Literal in text (a parser keeps them); in an attribute value a parser would turn them into spaces.
                    if (attribute)
                    {
                        Ascii(c == '\n' ? "&#xA;" : "&#x9;");
                    }
                    else
                    {
                        Byte((byte)c);
                    }

                    break;
                default:
                    if (char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
                    {
                        Utf8(text.Slice(at, 2));
                        consumed = 2;
                        break;
                    }

                    throw new ArgumentException(
                        $"The character U+{(int)c:X4} at position {at} cannot be written: XML 1.0 does not allow it (the message's validation should have refused it).");
            }

            text = text[(at + consumed)..];
        }
    }
}
