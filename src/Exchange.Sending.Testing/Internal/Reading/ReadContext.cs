using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// What every element reader shares: the cursor, the attachment storage limit, the walk over an element's children
/// (with our own order and required-child checks) and the checks of the attribute and text values the server reads,
/// so that even without Microsoft's schema a request the server parses is refused as the validator would refuse it.
/// </summary>
internal sealed class ReadContext(EwsXmlCursor cursor, long? maxStoredAttachmentBytes)
{
    private const string T = EwsNames.Types;

    public EwsXmlCursor Cursor => cursor;

    /// <summary>Attachment and MIME bytes beyond this are hashed and counted but not kept (null: keep everything).</summary>
    public long? MaxStoredAttachmentBytes => maxStoredAttachmentBytes;

    /// <summary>Cursor on a start element: visits each child element; the handler must consume the child entirely.</summary>
    public void Children(ChildSequence? sequence, Action onChild)
    {
        if (cursor.IsEmptyElement)
        {
            sequence?.Complete(cursor);
            return;
        }

        var parent = cursor.LocalName;
        while (cursor.Read())
        {
            switch (cursor.NodeType)
            {
                case XmlNodeType.Element:
                    sequence?.Accept(cursor);
                    onChild();
                    break;
                case XmlNodeType.EndElement:
                    sequence?.Complete(cursor);
                    return;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                    throw cursor.Violation($"The element '{parent}' cannot contain text. List of possible elements expected: child elements.");
            }
        }
    }

    public string RequiredAttribute(string name)
    {
        return cursor.Attribute(name) ?? throw cursor.Violation($"The required attribute '{name}' is missing.");
    }

    public string? EnumAttribute(string name, string typeName, bool required, params string[] allowed)
    {
        var value = required ? RequiredAttribute(name) : cursor.Attribute(name);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw cursor.Violation(
                $"The '{name}' attribute is invalid - The value '{value}' is invalid according to its datatype '{T}:{typeName}' - The Enumeration constraint failed.");
        }

        return value;
    }

    public string EnumText(string typeName, params string[] allowed)
    {
        var element = cursor.LocalName;
        var ns = cursor.NamespaceUri;
        var value = cursor.ReadText();
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw cursor.Violation(
                $"The '{ns}:{element}' element is invalid - The value '{value}' is invalid according to its datatype '{T}:{typeName}' - The Enumeration constraint failed.");
        }

        return value;
    }

    /// <summary>An <c>xs:int</c> attribute, checked as the validator checks it; null when absent and not required.</summary>
    public int? IntAttribute(string name, bool required)
    {
        var value = required ? RequiredAttribute(name) : cursor.Attribute(name);
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw cursor.Violation(
                $"The '{name}' attribute is invalid - The value '{value}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:int' - The string '{value}' is not a valid Int32 value.");
    }

    public bool? BooleanText()
    {
        var element = cursor.LocalName;
        var value = cursor.ReadText().Trim();
        return value switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw cursor.Violation(
                $"The '{T}:{element}' element is invalid - The value '{value}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean' - The string '{value}' is not a valid Boolean value."),
        };
    }

    public bool ParseBoolean(string value, string attribute)
    {
        return value.Trim() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw cursor.Violation(
                $"The '{attribute}' attribute is invalid - The value '{value}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean' - The string '{value}' is not a valid Boolean value."),
        };
    }
}
