namespace Exchange.Sending.Testing.Tests.Locator;

/// <summary>A temporary folder tree for locator tests, deleted on dispose. Schema files are empty stand-ins: the locator
/// checks only that they exist.</summary>
internal sealed class SchemaFolders : IDisposable
{
    public SchemaFolders() => Root = Directory.CreateTempSubdirectory("ews-locator-").FullName;

    public string Root { get; }

    /// <summary>Creates <paramref name="relative"/> under <see cref="Root"/> holding the given files; returns its full path.</summary>
    public string Folder(string relative, params string[] files)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(path);
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(path, file), "");
        }

        return path;
    }

    /// <summary>A folder holding both messages.xsd and types.xsd.</summary>
    public string Schema(string relative) => Folder(relative, "messages.xsd", "types.xsd");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
