using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Schema;

namespace Exchange.Sending.Testing.Internal;

/// <summary>Compiles Microsoft's messages.xsd/types.xsd (read from their directory) plus our envelope schema, once per directory.</summary>
internal static class EwsSchemaCache
{
    private static readonly ConcurrentDictionary<string, Lazy<XmlSchemaSet>> Sets = new(StringComparer.Ordinal);

    public static XmlSchemaSet Get(string directory)
    {
        var full = Path.GetFullPath(directory);
        var lazy = Sets.GetOrAdd(full, d => new Lazy<XmlSchemaSet>(() => Compile(d), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Sets.TryRemove(full, out _);
            throw;
        }
    }

    /// <summary>Throws a clear exception when <paramref name="directory"/> does not hold the schema files.</summary>
    public static void EnsureUsable(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"The EWS schema directory '{directory}' does not exist. Point FakeEwsServerOptions.SchemaDirectory " +
                $"(or the {EwsSchemaLocator.EnvironmentVariable} environment variable) at a folder holding Microsoft's messages.xsd and types.xsd.");
        }

        foreach (var file in EwsSchemaLocator.RequiredFiles)
        {
            if (!File.Exists(Path.Combine(directory, file)))
            {
                throw new FileNotFoundException(
                    $"The EWS schema directory '{directory}' has no {file}; it needs Microsoft's messages.xsd and types.xsd.",
                    Path.Combine(directory, file));
            }
        }
    }

    private static XmlSchemaSet Compile(string directory)
    {
        EnsureUsable(directory);
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(SoapEnvelopeSchema.Load());
        set.Add(EwsNames.Messages, Path.Combine(directory, "messages.xsd"));
        set.Compile();
        return set;
    }
}
