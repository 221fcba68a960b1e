using System.Xml;
using System.Xml.Schema;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// A forward-only pass over the request body that feeds every node to an <see cref="XmlSchemaValidator"/>
/// (when a schema set is given; <see cref="XsdNodeValidator"/>) while the parser reads values from the same nodes:
/// validation and parsing in one streaming pass. Base64 content is decoded in chunks and never materialised as a string.
/// </summary>
internal sealed class EwsXmlCursor : IDisposable
{
    private readonly XmlReader _reader;
    private readonly IXmlLineInfo _lineInfo;
    private readonly XsdNodeValidator? _validator;
    private bool _pendingForward;

    public EwsXmlCursor(Stream body, XmlSchemaSet? schemas)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        _reader = XmlReader.Create(body, settings);
        _lineInfo = (IXmlLineInfo)_reader;
        _validator = schemas is null ? null : new XsdNodeValidator(_reader, schemas, _lineInfo);
    }

    public XmlNodeType NodeType => _reader.NodeType;

    public string LocalName => _reader.LocalName;

    public string NamespaceUri => _reader.NamespaceURI;

    public bool IsEmptyElement => _reader.IsEmptyElement;

    public int Depth => _reader.Depth;

    public int Line => _lineInfo.LineNumber;

    public int Position => _lineInfo.LinePosition;

    public string? Attribute(string name) => _reader.GetAttribute(name);

    /// <summary>Moves to the next node and validates it. Returns false at the end of the document.</summary>
    public bool Read()
    {
        return Guard(() =>
        {
            if (_pendingForward)
            {
                _pendingForward = false;
                if (_reader.EOF)
                {
                    return false;
                }
            }
            else if (!_reader.Read())
            {
                return false;
            }

            Forward();
            return true;
        });
    }

    /// <summary>Finishes validation at the end of the document.</summary>
    public void Finish()
    {
        Guard(() =>
        {
            while (_pendingForward || _reader.Read())
            {
                _pendingForward = false;
                if (_reader.EOF)
                {
                    break;
                }

                Forward();
            }

            _validator?.End();
            return true;
        });
    }

    /// <summary>On a start element: consumes it to its end and returns its text (validated).</summary>
    public string ReadText()
    {
        if (_reader.IsEmptyElement)
        {
            return string.Empty;
        }

        var parentName = _reader.LocalName;
        string? single = null;
        System.Text.StringBuilder? many = null;
        while (Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    if (single is null)
                    {
                        single = _reader.Value;
                    }
                    else
                    {
                        many ??= new System.Text.StringBuilder(single);
                        many.Append(_reader.Value);
                    }

                    break;
                case XmlNodeType.Element:
                    throw Violation($"The element '{parentName}' cannot contain child element '{_reader.LocalName}' because the parent element's content model is text only.");
                case XmlNodeType.EndElement:
                    return many?.ToString() ?? single ?? string.Empty;
            }
        }

        throw Violation("Unexpected end of file.");
    }

    /// <summary>
    /// On a start element: decodes its base64 text in chunks into <paramref name="sink"/> and consumes the element.
    /// The text is never held as one string. Invalid base64 is a schema violation.
    /// </summary>
    public void ReadBase64(Action<ReadOnlySpan<byte>> sink)
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var line = Line;
        var position = Position;
        var qualified = $"{_reader.NamespaceURI}:{_reader.LocalName}";
        var buffer = new byte[48 * 1024];
        try
        {
            int read;
            while ((read = _reader.ReadElementContentAsBase64(buffer, 0, buffer.Length)) > 0)
            {
                sink(buffer.AsSpan(0, read));
            }
        }
        catch (XmlException ex)
        {
            throw new EwsViolationException(
                $"The '{qualified}' element is invalid - The value is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:base64Binary' - {ex.Message}",
                line,
                position,
                ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new EwsViolationException($"The '{qualified}' element is invalid - {ex.Message}", line, position, ex);
        }

        // The reader now sits on the node after the end tag; the validator has not seen the (text-free) end tag yet.
        Guard(() =>
        {
            _validator?.EndElement();
            return true;
        });
        _pendingForward = true;
    }

    /// <summary>On a start element: consumes the element and everything in it (still validated).</summary>
    public void Skip()
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var depth = _reader.Depth;
        while (Read())
        {
            if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth)
            {
                return;
            }
        }
    }

    public EwsViolationException Violation(string text) => new(text, Line, Position);

    public void Dispose() => _reader.Dispose();

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (XmlSchemaValidationException ex)
        {
            throw new EwsViolationException(ex.Message, ex.LineNumber, ex.LinePosition, ex);
        }
        catch (XmlSchemaException ex)
        {
            throw new EwsViolationException(ex.Message, ex.LineNumber, ex.LinePosition, ex);
        }
        catch (XmlException ex)
        {
            throw new EwsViolationException(ex.Message, ex.LineNumber, ex.LinePosition, ex);
        }
    }

    private void Forward() => _validator?.Forward();
}
