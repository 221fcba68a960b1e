using System.Xml;
using System.Xml.Schema;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Reads a SOAP request in one forward-only pass: validates (XSD when available, our own order/required checks always)
/// and builds the request model. This class reads the envelope and the SOAP headers; the body element is read by its
/// operation (<see cref="EwsServerOperations"/>) with the element readers beside this file.
/// </summary>
internal sealed class EwsRequestReader
{
    private const string M = EwsNames.Messages;
    private const string T = EwsNames.Types;

    private readonly EwsXmlCursor _c;
    private readonly ReadContext _r;

    private EwsRequestReader(EwsXmlCursor cursor, long? maxStoredAttachmentBytes)
    {
        _c = cursor;
        _r = new ReadContext(cursor, maxStoredAttachmentBytes);
    }

    /// <summary>Reads and validates the whole request. Throws <see cref="EwsViolationException"/> or <see cref="EwsRequestFaultException"/>.</summary>
    public static EwsEnvelope Read(Stream body, XmlSchemaSet? schemas, long? maxStoredAttachmentBytes)
    {
        using var cursor = new EwsXmlCursor(body, schemas);
        var reader = new EwsRequestReader(cursor, maxStoredAttachmentBytes);
        var envelope = new EwsEnvelope();
        reader.ReadDocument(envelope);
        return envelope;
    }

    private void ReadDocument(EwsEnvelope envelope)
    {
        while (_c.Read())
        {
            if (_c.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (_c.LocalName != "Envelope" || _c.NamespaceUri != EwsNames.Soap)
            {
                throw _c.Violation($"The '{_c.NamespaceUri}:{_c.LocalName}' element is not declared.");
            }

            var seq = ChildSequence.For("Envelope", EwsNames.Soap, EwsNames.Soap, "Header Body!");
            _r.Children(seq, () =>
            {
                if (_c.LocalName == "Header")
                {
                    ReadHeader(envelope);
                }
                else
                {
                    ReadBody(envelope);
                }
            });
            _c.Finish();
            return;
        }

        throw _c.Violation("Root element is missing.");
    }

    private void ReadHeader(EwsEnvelope envelope)
    {
        _r.Children(null, () =>
        {
            var name = _c.LocalName;
            if (_c.NamespaceUri == EwsNames.Soap)
            {
                throw _c.Violation($"The element 'Header' in namespace '{EwsNames.Soap}' has invalid child element '{name}' in namespace '{EwsNames.Soap}'.");
            }

            if (envelope.HeaderElements.Contains(name, StringComparer.Ordinal))
            {
                throw new EwsRequestFaultException("ErrorDuplicateSOAPHeader", $"There are multiple '{name}' SOAP headers in the request.");
            }

            envelope.HeaderElements.Add(name);
            if (name == "RequestServerVersion" && _c.NamespaceUri == T)
            {
                var version = _r.RequiredAttribute("Version");
                if (EwsNames.VersionRank(version) < 0)
                {
                    throw _c.Violation(
                        $"The 'Version' attribute is invalid - The value '{version}' is invalid according to its datatype '{T}:ExchangeVersionType' - The Enumeration constraint failed.");
                }

                envelope.RequestServerVersion = version;
            }
            else if (name == "ExchangeImpersonation" && _c.NamespaceUri == T)
            {
                _r.Children(ChildSequence.For("ExchangeImpersonation", T, T, "ConnectingSID!"), () =>
                    _r.Children(null, () => envelope.Impersonation = (_c.LocalName, _c.ReadText().Trim())));
                return;
            }

            _c.Skip();
        });
    }

    private void ReadBody(EwsEnvelope envelope)
    {
        var seen = false;
        _r.Children(null, () =>
        {
            if (seen)
            {
                throw _c.Violation(
                    $"The element 'Body' in namespace '{EwsNames.Soap}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'.");
            }

            seen = true;
            envelope.Operation = _c.LocalName;
            envelope.OperationNamespace = _c.NamespaceUri;
            if (_c.NamespaceUri != M)
            {
                _c.Skip();
                return;
            }

            envelope.Body = EwsServerOperations.Find(_c.LocalName) is { } operation ? operation.ReadRequest(_r) : SkipUnknown();
        });
        if (!seen)
        {
            throw _c.Violation($"The element 'Body' in namespace '{EwsNames.Soap}' has incomplete content.");
        }
    }

    private object? SkipUnknown()
    {
        _c.Skip();
        return null;
    }
}
