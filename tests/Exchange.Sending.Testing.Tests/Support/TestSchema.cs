using System.Reflection;

namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>
/// Locates Microsoft's EWS schema folder (../shared/ews-schema, baked into the assembly at build time). Locally a
/// missing folder skips schema-dependent tests with a reason; under <c>CI=true</c> it fails them.
/// </summary>
internal static class TestSchema
{
    public static string ConfiguredDirectory =>
        typeof(TestSchema).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "EwsSchemaDirectory")?.Value
        ?? throw new InvalidOperationException("The test assembly has no EwsSchemaDirectory metadata; check the csproj.");

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The schema directory; skips the test (locally) or fails it (CI) when the files are missing.</summary>
    public static string RequireDirectory()
    {
        var dir = ConfiguredDirectory;
        var ok = File.Exists(Path.Combine(dir, "messages.xsd")) && File.Exists(Path.Combine(dir, "types.xsd"));
        if (!ok && IsCi)
        {
            throw new InvalidOperationException($"CI=true but the EWS schema directory '{dir}' has no messages.xsd/types.xsd; schema tests must not be skipped in CI.");
        }

        Skip.IfNot(ok, $"EWS schema files not found in '{dir}' (expected ../shared/ews-schema next to the repository); schema-dependent test skipped.");
        return dir;
    }

    /// <summary>Text of a file in the schema folder's samples/ directory (read in place, never copied).</summary>
    public static string Sample(string name) => File.ReadAllText(Path.Combine(RequireDirectory(), "samples", name));
}
