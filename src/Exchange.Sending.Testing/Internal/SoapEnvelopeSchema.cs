using System.Xml;
using System.Xml.Schema;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Our own strict SOAP 1.1 envelope schema: every header child and the single body child must be a
/// globally declared element of another namespace (so Microsoft's schema validates them strictly).
/// </summary>
internal static class SoapEnvelopeSchema
{
    private const string Text = """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
                   targetNamespace="http://schemas.xmlsoap.org/soap/envelope/" elementFormDefault="qualified">
          <xs:element name="Envelope">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="Header" minOccurs="0">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:any namespace="##other" processContents="strict" minOccurs="0" maxOccurs="unbounded"/>
                    </xs:sequence>
                    <xs:anyAttribute namespace="##other" processContents="lax"/>
                  </xs:complexType>
                </xs:element>
                <xs:element name="Body">
                  <xs:complexType>
                    <xs:sequence>
                      <xs:any namespace="##other" processContents="strict"/>
                    </xs:sequence>
                    <xs:anyAttribute namespace="##other" processContents="lax"/>
                  </xs:complexType>
                </xs:element>
              </xs:sequence>
              <xs:anyAttribute namespace="##other" processContents="lax"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    public static XmlSchema Load()
    {
        using var reader = XmlReader.Create(new StringReader(Text));
        return XmlSchema.Read(reader, null)!;
    }
}
