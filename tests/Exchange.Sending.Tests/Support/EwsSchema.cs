using System.Xml;
using Exchange.Sending.Testing;
using System.Xml.Schema;

namespace Exchange.Sending.Tests.Support;

/// <summary>Locates Microsoft's EWS schema (../shared/ews-schema, never copied into the repo) with <see cref="EwsSchemaLocator"/> and validates
/// envelopes strictly: the body child and each header child against messages.xsd/types.xsd.</summary>
internal static class EwsSchema
{
    private static readonly Lazy<XmlSchemaSet?> Set = new(Load);

    /// <summary>The schema folder by <see cref="EwsSchemaLocator"/>'s rules (the environment variable, else the path
    /// baked into this assembly at build time, else a shared/ews-schema folder above), or null.</summary>
    public static string? Directory => Locate().Directory;

    /// <summary>Skips locally, fails under CI=true, when the schema is missing.</summary>
    public static string RequireDirectory()
    {
        var location = Locate();
        if (location.Directory is { } dir)
        {
            return dir;
        }

        var reason = location.Describe();
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(reason + " Under CI=true the schema is required.");
        }

        Skip.If(true, reason);
        return "";
    }

    private static EwsSchemaLocation Locate() => EwsSchemaLocator.Locate(typeof(EwsSchema).Assembly);

    public static IReadOnlyList<string> Validate(string envelopeXml)
    {
        var set = Set.Value ?? throw new InvalidOperationException("schema not loaded");
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(envelopeXml);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("soap", "http://schemas.xmlsoap.org/soap/envelope/");
        var errors = new List<string>();
        var parts = doc.SelectNodes("/soap:Envelope/soap:Header/*|/soap:Envelope/soap:Body/*", ns)!.Cast<XmlElement>().ToList();
        if (parts.Count == 0)
        {
            errors.Add("no header or body element");
        }

        foreach (var part in parts)
        {
            var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = set };
            settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
            settings.ValidationEventHandler += (_, e) => errors.Add($"{part.LocalName}: {e.Message}");
            using var reader = XmlReader.Create(new StringReader(part.OuterXml), settings);
            while (reader.Read())
            {
            }
        }

        return errors;
    }

    private static XmlSchemaSet? Load()
    {
        var dir = Directory;
        if (dir is null)
        {
            return null;
        }

        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add("http://schemas.microsoft.com/exchange/services/2006/messages", Path.Combine(dir, "messages.xsd"));
        set.Compile();
        return set;
    }
}
