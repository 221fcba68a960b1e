namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>
/// Locates Microsoft's EWS schema folder with <see cref="EwsSchemaLocator"/> (the environment variable, else
/// ../shared/ews-schema baked into the assembly at build time, else a shared/ews-schema folder above). Locally a
/// missing folder skips schema-dependent tests with a reason; under <c>CI=true</c> it fails them.
/// </summary>
internal static class TestSchema
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The schema directory; skips the test (locally) or fails it (CI) when the files are missing.</summary>
    public static string RequireDirectory()
    {
        var location = EwsSchemaLocator.Locate(typeof(TestSchema).Assembly);
        if (location.Directory is { } dir)
        {
            return dir;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"CI=true but the EWS schema is missing; schema tests must not be skipped in CI. {location.Describe()}");
        }

        Skip.If(true, $"{location.Describe()} Schema-dependent test skipped.");
        return "";
    }

    /// <summary>Text of a file in the schema folder's samples/ directory (read in place, never copied).</summary>
    public static string Sample(string name) => File.ReadAllText(Path.Combine(RequireDirectory(), "samples", name));
}
