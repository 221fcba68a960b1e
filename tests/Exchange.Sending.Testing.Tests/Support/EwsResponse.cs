using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;

namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>An HTTP response from the fake server, with helpers to read the SOAP inside.</summary>
internal sealed class EwsResponse(HttpStatusCode status, string? reasonPhrase, string text, HttpResponseHeaders headers, HttpContentHeaders? contentHeaders)
{
    private XDocument? _xml;

    public HttpStatusCode Status { get; } = status;

    public string? ReasonPhrase { get; } = reasonPhrase;

    public string Text { get; } = text;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders? ContentHeaders { get; } = contentHeaders;

    public XDocument Xml => _xml ??= XDocument.Parse(Text);

    /// <summary>All m:…ResponseMessage elements.</summary>
    public IReadOnlyList<XElement> Messages =>
        Xml.Descendants(XName.Get("ResponseMessages", Soap.M)).Elements().ToList();

    private XElement? First => Messages.Count > 0 ? Messages[0] : null;

    public string? ResponseCode => First?.Element(XName.Get("ResponseCode", Soap.M))?.Value;

    public string? ResponseClass => First?.Attribute("ResponseClass")?.Value;

    public string? MessageText => First?.Element(XName.Get("MessageText", Soap.M))?.Value;

    public XElement? Fault => Xml.Descendants(XName.Get("Fault", Soap.SoapNs)).FirstOrDefault();

    public string? FaultCode => Fault?.Descendants(XName.Get("ResponseCode", Soap.E)).FirstOrDefault()?.Value;

    public XElement? Find(string localName, string ns = Soap.T) => Xml.Descendants(XName.Get(localName, ns)).FirstOrDefault();

    /// <summary>The t:Message items of a FindItem response (all response messages).</summary>
    public IReadOnlyList<XElement> FoundMessages =>
        Xml.Descendants(XName.Get("RootFolder", Soap.M)).Elements(XName.Get("Items", Soap.T)).Elements(XName.Get("Message", Soap.T)).ToList();

    /// <summary>The first m:RootFolder of a FindItem response.</summary>
    public XElement? RootFolder => Find("RootFolder", Soap.M);

    public override string ToString() => $"HTTP {(int)Status} {ReasonPhrase}: {Text}";
}
