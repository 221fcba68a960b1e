using System.Reflection;
using System.Reflection.Emit;

namespace Exchange.Sending.Testing.Tests.Locator;

/// <summary>The process overloads read the real environment variable and assemblies' metadata (run alone: they set the variable).</summary>
[Collection(ProcessEnvironment.Name)]
public sealed class EwsSchemaLocatorProcessTests
{
    [Fact]
    public void Environment_variable_wins_over_the_assembly_metadata()
    {
        using var folders = new SchemaFolders();
        var fromEnvironment = folders.Schema("env");
        using var _ = ProcessEnvironment.Set(EwsSchemaLocator.EnvironmentVariable, fromEnvironment);

        var location = EwsSchemaLocator.Locate(AssemblyWithMetadata(folders.Schema("baked")));

        location.Source.Should().Be(EwsSchemaSource.EnvironmentVariable);
        location.Directory.Should().Be(fromEnvironment);
        EwsSchemaLocator.Find().Should().Be(fromEnvironment);
        EwsSchemaLocator.TryFind(out var found).Should().BeTrue();
        found.Should().Be(fromEnvironment);
    }

    [Fact]
    public void Unusable_environment_variable_finds_nothing()
    {
        using var folders = new SchemaFolders();
        using var _ = ProcessEnvironment.Set(EwsSchemaLocator.EnvironmentVariable, folders.Folder("empty"));

        EwsSchemaLocator.Find(AssemblyWithMetadata(folders.Schema("baked"))).Should().BeNull();
        EwsSchemaLocator.TryFind(out var found).Should().BeFalse();
        found.Should().BeNull();
    }

    [Fact]
    public void Assembly_metadata_is_read_from_the_hints_in_order()
    {
        using var folders = new SchemaFolders();
        var baked = folders.Schema("baked");
        using var _ = ProcessEnvironment.Set(EwsSchemaLocator.EnvironmentVariable, null);
        var withMetadata = AssemblyWithMetadata(baked);
        var without = typeof(string).Assembly;

        var location = EwsSchemaLocator.Locate(null, without, withMetadata, AssemblyWithMetadata(folders.Schema("later")));

        location.Source.Should().Be(EwsSchemaSource.AssemblyMetadata);
        location.Directory.Should().Be(baked);
        location.Describe().Should().Be($"EWS schema found at {baked} (from EwsSchemaDirectory metadata ({withMetadata.GetName().Name})).");
    }

    [Fact]
    public void This_test_assembly_carries_the_build_time_metadata()
    {
        var value = typeof(EwsSchemaLocatorProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == EwsSchemaLocator.AssemblyMetadataKey)?.Value;

        value.Should().NotBeNullOrWhiteSpace().And.EndWith(Path.Combine("shared", "ews-schema"));
    }

    private static AssemblyBuilder AssemblyWithMetadata(string directory)
    {
        var attribute = new CustomAttributeBuilder(
            typeof(AssemblyMetadataAttribute).GetConstructor([typeof(string), typeof(string)])!,
            [EwsSchemaLocator.AssemblyMetadataKey, directory]);
        return AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Locator" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run, [attribute]);
    }
}
