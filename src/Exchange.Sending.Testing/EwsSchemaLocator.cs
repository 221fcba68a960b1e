using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Exchange.Sending.Testing;

/// <summary>
/// Finds the folder holding Microsoft's EWS schema (<c>messages.xsd</c> and <c>types.xsd</c>) by one rule set, the one
/// the repository's tests, CLI and benchmarks use. Pass the result to <see cref="FakeEwsServerOptions.SchemaDirectory"/>.
/// </summary>
/// <remarks>
/// <para>A folder <em>counts</em> only when it holds both <c>messages.xsd</c> and <c>types.xsd</c>
/// (<see cref="IsSchemaDirectory"/>). The rules, in order; the first that yields a folder that counts wins:</para>
/// <list type="number">
/// <item><description>The <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c> environment variable (<see cref="EnvironmentVariable"/>),
/// when set to anything but white space; a relative path is taken from the current directory. It is an explicit
/// choice, so it is <b>final</b>: when it names a folder that does not count, nothing is found and the later rules
/// are not tried (a wrong setting is reported, not silently replaced by another schema).</description></item>
/// <item><description>An <c>[assembly: AssemblyMetadata("EwsSchemaDirectory", "…")]</c> attribute
/// (<see cref="AssemblyMetadataKey"/>) of each hint assembly, in the order given: the path baked in at build time
/// (this repository's test projects bake <c>$(EwsSchemaDirectory)</c> from <c>Directory.Build.props</c>). A baked path
/// that does not count (the build ran elsewhere, or the folder is gone) is passed over.</description></item>
/// <item><description>The first <c>shared/ews-schema</c> folder that counts, walking up from the current directory
/// (that folder itself, then each parent), then walking up from <see cref="AppContext.BaseDirectory"/>.</description></item>
/// </list>
/// <para>Nothing is found when no rule yields a folder that counts: <see cref="Find"/> returns null,
/// <see cref="TryFind"/> false, <see cref="Locate(Assembly[])"/> a location whose <see cref="EwsSchemaLocation.Found"/> is
/// false. None of the methods throws: a path that cannot be read or is malformed simply does not count, and
/// <see cref="EwsSchemaLocation.Describe"/> says what was wrong with it. The search reads the file system each time
/// (nothing is cached); the returned path is always full.</para>
/// <para><see cref="FakeEwsServer"/> itself does not search: with <see cref="FakeEwsServerOptions.SchemaDirectory"/>
/// null it reads only the environment variable, so where a test process happens to run never switches validation on.</para>
/// </remarks>
/// <example>
/// <code>
/// var schema = EwsSchemaLocator.Locate(typeof(MyTests).Assembly);
/// Skip.IfNot(schema.Found, schema.Describe());
/// await using var server = await FakeEwsServer.StartAsync(new FakeEwsServerOptions { SchemaDirectory = schema.Directory });
/// </code>
/// </example>
public static class EwsSchemaLocator
{
    /// <summary>The environment variable of rule 1: <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c>
    /// (the same as <see cref="FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable"/>).</summary>
    public const string EnvironmentVariable = FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable;

    /// <summary>The <see cref="AssemblyMetadataAttribute.Key"/> of rule 2: <c>EwsSchemaDirectory</c>.</summary>
    public const string AssemblyMetadataKey = "EwsSchemaDirectory";

    /// <summary>The folder rule 3 looks for in the current directory, the base directory and each of their parents: <c>shared/ews-schema</c>.</summary>
    public const string SearchedFolder = "shared/ews-schema";

    /// <summary>The files a schema folder must hold: <c>messages.xsd</c> and <c>types.xsd</c>.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = ["messages.xsd", "types.xsd"];

    /// <summary>The schema folder by the rules of <see cref="EwsSchemaLocator"/>, or null when none is found.</summary>
    /// <param name="hints">Assemblies whose <c>EwsSchemaDirectory</c> metadata is consulted (rule 2), in order; null entries are ignored.</param>
    /// <returns>The full path of the folder, or null.</returns>
    public static string? Find(params Assembly?[]? hints) => Locate(hints).Directory;

    /// <summary>The schema folder by the rules of <see cref="EwsSchemaLocator"/>.</summary>
    /// <param name="directory">The full path of the folder when found, else null.</param>
    /// <param name="hints">Assemblies whose <c>EwsSchemaDirectory</c> metadata is consulted (rule 2), in order; null entries are ignored.</param>
    /// <returns>True when a folder was found.</returns>
    public static bool TryFind([NotNullWhen(true)] out string? directory, params Assembly?[]? hints)
    {
        directory = Locate(hints).Directory;
        return directory is not null;
    }

    /// <summary>
    /// Searches by the rules of <see cref="EwsSchemaLocator"/>, reading the environment variable, the hint assemblies'
    /// metadata, <see cref="Directory.GetCurrentDirectory"/> and <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    /// <param name="hints">Assemblies whose <c>EwsSchemaDirectory</c> metadata is consulted (rule 2), in order; null entries are ignored.</param>
    /// <returns>The folder (or none), the rule that found it, and where the search looked.</returns>
    public static EwsSchemaLocation Locate(params Assembly?[]? hints)
    {
        var metadata = new List<(string Label, string? Value)>();
        foreach (var assembly in (hints ?? []).OfType<Assembly>().Distinct())
        {
            metadata.Add((assembly.GetName().Name ?? assembly.FullName ?? "an assembly", ReadMetadata(assembly)));
        }

        var roots = new List<string?>();
        try
        {
            roots.Add(Directory.GetCurrentDirectory());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // The current directory was deleted or cannot be read: only the base directory is searched.
        }

        roots.Add(AppContext.BaseDirectory);
        return Run(ReadEnvironmentVariable(), metadata, roots);
    }

    /// <summary>
    /// Searches by the rules of <see cref="EwsSchemaLocator"/> with the inputs given instead of the process' own (for tests
    /// of the rules, or a host with its own settings):
    /// the same rules and results as <see cref="Locate(Assembly[])"/>, without reading the environment or assemblies.
    /// </summary>
    /// <param name="environmentValue">The value of <c>EXCHANGE_SENDING_EWS_SCHEMA_DIR</c> (rule 1); null or white space = unset.</param>
    /// <param name="metadataDirectories">The <c>EwsSchemaDirectory</c> metadata values (rule 2), in order; null or empty entries are skipped.</param>
    /// <param name="searchRoots">The folders rule 3 walks up from, in order (the process uses the current and the base directory); null entries are skipped.</param>
    /// <returns>The folder (or none), the rule that found it, and where the search looked.</returns>
    public static EwsSchemaLocation Search(string? environmentValue, IEnumerable<string?>? metadataDirectories, IEnumerable<string?>? searchRoots) =>
        Run(
            string.IsNullOrWhiteSpace(environmentValue) ? null : environmentValue,
            (metadataDirectories ?? []).Select((value, index) => ($"#{index + 1}", value)).ToList(),
            (searchRoots ?? []).ToList());

    /// <summary>True when <paramref name="directory"/> is an existing folder holding both <c>messages.xsd</c> and <c>types.xsd</c>.</summary>
    /// <param name="directory">The folder; null, empty or malformed paths give false.</param>
    /// <returns>Whether the folder counts as a schema folder.</returns>
    public static bool IsSchemaDirectory([NotNullWhen(true)] string? directory) => Problem(directory) is null;

    /// <summary>Rule 1's value: the environment variable, or null when it is unset or white space.</summary>
    internal static string? ReadEnvironmentVariable()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Why <paramref name="directory"/> is not a schema folder ("does not exist", "has no types.xsd", …), or null when it is one.</summary>
    internal static string? Problem(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return "is empty";
        }

        try
        {
            if (!Directory.Exists(directory))
            {
                return File.Exists(directory) ? "is a file, not a folder" : "does not exist";
            }

            var missing = RequiredFiles.Where(file => !File.Exists(Path.Combine(directory, file))).ToList();
            return missing.Count switch
            {
                0 => null,
                1 => $"has no {missing[0]}",
                _ => $"has neither {string.Join(" nor ", missing)}",
            };
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"cannot be read ({e.Message})";
        }
    }

    private static string? ReadMetadata(Assembly assembly)
    {
        try
        {
            return assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => string.Equals(a.Key, AssemblyMetadataKey, StringComparison.Ordinal))?.Value;
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static EwsSchemaLocation Run(string? environmentValue, IReadOnlyList<(string Label, string? Value)> metadata, IReadOnlyList<string?> roots)
    {
        var searched = new List<string>();
        var notes = new List<string>();

        // Rule 1: the environment variable, final when set.
        if (environmentValue is not null)
        {
            var full = FullPath(environmentValue);
            searched.Add(full ?? environmentValue);
            var problem = full is null ? "is not a valid path" : Problem(full);
            if (problem is null)
            {
                notes.Add($"from {EnvironmentVariable}");
                return new EwsSchemaLocation(full, EwsSchemaSource.EnvironmentVariable, searched, notes);
            }

            notes.Add($"{EnvironmentVariable}='{environmentValue}', which {problem} (the variable is set, so nothing else was tried)");
            return new EwsSchemaLocation(null, EwsSchemaSource.None, searched, notes);
        }

        notes.Add($"{EnvironmentVariable} is not set");

        // Rule 2: build-time metadata of the hint assemblies (no note when none was given: the rule does not apply).
        foreach (var (label, value) in metadata)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                notes.Add($"{AssemblyMetadataKey} metadata ({label}) is not set");
                continue;
            }

            var full = FullPath(value);
            searched.Add(full ?? value);
            var problem = full is null ? "is not a valid path" : Problem(full);
            if (problem is null)
            {
                notes.Add($"from {AssemblyMetadataKey} metadata ({label})");
                return new EwsSchemaLocation(full, EwsSchemaSource.AssemblyMetadata, searched, notes);
            }

            notes.Add($"{AssemblyMetadataKey} metadata ({label}) '{value}' {problem}");
        }

        // Rule 3: shared/ews-schema walking up from each root.
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var root in roots)
        {
            var start = root is null ? null : FullPath(root) is { } full ? Path.TrimEndingDirectorySeparator(full) : null;
            if (start is null)
            {
                continue;
            }

            var incomplete = new List<string>();
            var examined = 0;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "ews-schema");
                if (!seen.Add(candidate))
                {
                    continue;
                }

                searched.Add(candidate);
                examined++;
                var problem = Problem(candidate);
                if (problem is null)
                {
                    notes.Add($"{SearchedFolder} walking up from {start}");
                    return new EwsSchemaLocation(candidate, EwsSchemaSource.ParentFolder, searched, notes);
                }

                if (problem != "does not exist")
                {
                    incomplete.Add($"{candidate} {problem}");
                }
            }

            if (examined == 0)
            {
                continue; // the same folders as an earlier root (the current directory is the base directory)
            }

            notes.Add($"no {SearchedFolder} walking up from {start}" + (incomplete.Count == 0 ? "" : $" ({string.Join(", ", incomplete)})"));
        }

        return new EwsSchemaLocation(null, EwsSchemaSource.None, searched, notes);
    }

    private static string? FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException)
        {
            return null;
        }
    }
}
