using System.Xml;
using System.Xml.Schema;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Feeds the nodes an <see cref="XmlReader"/> is on to an <see cref="XmlSchemaValidator"/> (Microsoft's schema plus our
/// envelope schema), so the cursor can validate while it parses. Errors surface as the validator's exceptions; the
/// cursor turns them into <see cref="EwsViolationException"/>.
/// </summary>
internal sealed class XsdNodeValidator
{
    private readonly XmlReader _reader;
    private readonly XmlSchemaValidator _validator;

    public XsdNodeValidator(XmlReader reader, XmlSchemaSet schemas, IXmlLineInfo lineInfo)
    {
        _reader = reader;
        _validator = new XmlSchemaValidator(
            reader.NameTable,
            schemas,
            (IXmlNamespaceResolver)reader,
            XmlSchemaValidationFlags.ProcessIdentityConstraints | XmlSchemaValidationFlags.AllowXmlAttributes)
        {
            LineInfoProvider = lineInfo,
        };
        _validator.Initialize();
    }

    /// <summary>Validates the node the reader is on.</summary>
    public void Forward()
    {
        switch (_reader.NodeType)
        {
            case XmlNodeType.Element:
                ValidateStartElement();
                if (_reader.IsEmptyElement)
                {
                    _validator.ValidateEndElement(null);
                }

                break;
            case XmlNodeType.EndElement:
                _validator.ValidateEndElement(null);
                break;
            case XmlNodeType.Text:
            case XmlNodeType.CDATA:
                _validator.ValidateText(_reader.Value);
                break;
            case XmlNodeType.Whitespace:
            case XmlNodeType.SignificantWhitespace:
                _validator.ValidateWhitespace(_reader.Value);
                break;
        }
    }

    /// <summary>An end tag the reader consumed without stopping on it (after reading base64 content).</summary>
    public void EndElement() => _validator.ValidateEndElement(null);

    /// <summary>The end of the document: identity constraints and missing content.</summary>
    public void End() => _validator.EndValidation();

    private void ValidateStartElement()
    {
        string? xsiType = null, xsiNil = null;
        if (_reader.MoveToFirstAttribute())
        {
            do
            {
                if (_reader.NamespaceURI == EwsNames.Xsi)
                {
                    if (_reader.LocalName == "type")
                    {
                        xsiType = _reader.Value;
                    }
                    else if (_reader.LocalName == "nil")
                    {
                        xsiNil = _reader.Value;
                    }
                }
            }
            while (_reader.MoveToNextAttribute());

            _reader.MoveToElement();
        }

        _validator.ValidateElement(_reader.LocalName, _reader.NamespaceURI, null, xsiType, xsiNil, null, null);
        if (_reader.MoveToFirstAttribute())
        {
            do
            {
                if (_reader.NamespaceURI != EwsNames.Xmlns)
                {
                    _validator.ValidateAttribute(_reader.LocalName, _reader.NamespaceURI, _reader.Value, null);
                }
            }
            while (_reader.MoveToNextAttribute());

            _reader.MoveToElement();
        }

        _validator.ValidateEndOfAttributes(null);
    }
}
