using System.Text;
using System.Xml;
using Exchange.Sending.Ews;
using FluentAssertions;

namespace Exchange.Sending.Tests.Ews;

/// <summary><see cref="EwsUtf8Writer"/> against <see cref="XmlWriter"/> with <see cref="EwsEnvelopeWriter.Settings"/>: the
/// same calls give the same bytes, for every character class that needs escaping, and the same refusals.</summary>
public class EwsUtf8WriterTests
{
    private static readonly string[] Texts =
    [
        "",
        "plain ASCII",
        "markup & < > \" ' ]]> done",
        "lines\r\nand\rlone\ncarriage",
        "tab\there",
        "Müller — отчёт 漢字 emoji 😀 pair",
        "\u0085 next line and \u2028 line separator",
        "&amp; already escaped",
        new string('x', 70_000) + "&" + new string('y', 10),
    ];

    [Fact]
    public void Text_and_attribute_values_are_escaped_as_XmlWriter_escapes_them()
    {
        foreach (var text in Texts)
        {
            var ours = Write(useReference: false, text);
            var reference = Write(useReference: true, text);
            Encoding.UTF8.GetString(ours).Should().Be(Encoding.UTF8.GetString(reference), $"for {text[..Math.Min(text.Length, 40)]}");
        }
    }

    [Fact]
    public void Characters_XML_cannot_carry_are_refused_by_both()
    {
        foreach (var bad in new[] { "a\u0001b", "\u001Bescape", "lone \uD800 high", "lone \uDC00 low", "\uFFFE", "end high \uD83D" })
        {
            var ours = () => Write(useReference: false, bad);
            var reference = () => Write(useReference: true, bad);
            ours.Should().Throw<ArgumentException>();
            reference.Should().Throw<ArgumentException>();
        }
    }

    [Fact]
    public void Empty_elements_nested_prefixes_and_raw_content_match()
    {
        static byte[] Calls(bool useReference)
        {
            using var output = new EwsXmlOutput(EwsOutputMode.Buffer, null, useReference ? EwsEnvelopeWriter.Settings : null);
            var w = output.Writer;
            w.WriteStartDocument();
            w.WriteStartElement("soap", "Envelope", EwsNames.Soap);
            w.WriteAttributeString("xmlns", "t", null, EwsNames.Types);
            w.WriteStartElement("m", "Undeclared", EwsNames.Messages);   // declared implicitly here, then out of scope
            w.WriteStartElement("t", "Empty", EwsNames.Types);
            w.WriteAttributeString("Id", "a\"b<c>&d");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteStartElement("m", "AgainUndeclared", EwsNames.Messages);
            w.WriteElementString("t", "Value", EwsNames.Types, "");
            w.WriteRaw("");
            w.WriteEndElement();
            w.WriteStartElement("t", "Raw", EwsNames.Types);
            w.WriteRaw("QUJD");
            w.WriteFullEndElement();
            w.WriteEndDocument();
            return output.Buffered.ToArray();
        }

        Encoding.UTF8.GetString(Calls(useReference: false)).Should().Be(Encoding.UTF8.GetString(Calls(useReference: true)));
    }

    [Fact]
    public void Null_text_and_an_explicit_declaration_of_the_elements_own_prefix_match()
    {
        static string Calls(bool useReference)
        {
            using var output = new EwsXmlOutput(EwsOutputMode.Buffer, null, useReference ? EwsEnvelopeWriter.Settings : null);
            var w = output.Writer;
            w.WriteStartDocument();
            w.WriteStartElement("m", "CreateItem", EwsNames.Messages);
            w.WriteAttributeString("xmlns", "m", null, EwsNames.Messages);   // the implicit declaration, made explicit
            w.WriteStartElement("t", "Body", EwsNames.Types);
            w.WriteString(null);                                               // no text: still an empty element
            w.WriteEndElement();
            w.WriteEndDocument();
            return Encoding.UTF8.GetString(output.Buffered.Span);
        }

        Calls(useReference: false).Should().Be(Calls(useReference: true));
        Calls(useReference: false).Should().Contain("<t:Body").And.Subject.Split("xmlns:m=").Should().HaveCount(2, "one declaration of m");
    }

    [Fact]
    public void Redefining_the_elements_own_prefix_is_refused_by_both()
    {
        foreach (var useReference in new[] { false, true })
        {
            var write = () =>
            {
                using var output = new EwsXmlOutput(EwsOutputMode.Buffer, null, useReference ? EwsEnvelopeWriter.Settings : null);
                output.Writer.WriteStartElement("m", "CreateItem", EwsNames.Messages);
                output.Writer.WriteAttributeString("xmlns", "m", null, EwsNames.Types);
                output.Writer.WriteEndElement();
                _ = output.Buffered;
            };
            write.Should().Throw<XmlException>(useReference ? "XmlWriter refuses it" : "EwsUtf8Writer must refuse it too");
        }
    }

    private static byte[] Write(bool useReference, string text)
    {
        using var output = new EwsXmlOutput(EwsOutputMode.Buffer, null, useReference ? EwsEnvelopeWriter.Settings : null);
        var w = output.Writer;
        w.WriteStartDocument();
        w.WriteStartElement("soap", "Envelope", EwsNames.Soap);
        w.WriteAttributeString("xmlns", "t", null, EwsNames.Types);
        w.WriteStartElement("t", "Body", EwsNames.Types);
        w.WriteAttributeString("Value", text);
        w.WriteString(text);
        w.WriteEndElement();
        w.WriteElementString("t", "Subject", EwsNames.Types, text);
        w.WriteEndElement();
        w.WriteEndDocument();
        return output.Buffered.ToArray();
    }
}
