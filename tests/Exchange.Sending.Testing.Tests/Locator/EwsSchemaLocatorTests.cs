namespace Exchange.Sending.Testing.Tests.Locator;

/// <summary>
/// The locator's rules through <see cref="EwsSchemaLocator.Search"/> (no environment or assembly is read, so these run in parallel):
/// the environment variable first and final, then build-time metadata, then shared/ews-schema walking up; a folder
/// counts only with both xsd files.
/// </summary>
public sealed class EwsSchemaLocatorTests
{
    [Fact]
    public void Environment_variable_wins_over_metadata_and_parent_folders()
    {
        using var folders = new SchemaFolders();
        var fromEnvironment = folders.Schema("env");
        var fromMetadata = folders.Schema("baked");
        folders.Schema("repo/shared/ews-schema");

        var location = EwsSchemaLocator.Search(fromEnvironment, [fromMetadata], [folders.Folder("repo/src")]);

        location.Directory.Should().Be(fromEnvironment);
        location.Found.Should().BeTrue();
        location.Source.Should().Be(EwsSchemaSource.EnvironmentVariable);
        location.SearchedPaths.Should().Equal(fromEnvironment);
        location.Describe().Should().Be($"EWS schema found at {fromEnvironment} (from {EwsSchemaLocator.EnvironmentVariable}).");
    }

    [Fact]
    public void Environment_variable_naming_an_unusable_folder_is_final_and_explained()
    {
        using var folders = new SchemaFolders();
        var incomplete = folders.Folder("env", "messages.xsd");
        var fromMetadata = folders.Schema("baked");

        var location = EwsSchemaLocator.Search(incomplete, [fromMetadata], [folders.Schema("repo/shared/ews-schema")]);

        location.Found.Should().BeFalse();
        location.Directory.Should().BeNull();
        location.Source.Should().Be(EwsSchemaSource.None);
        location.SearchedPaths.Should().Equal(incomplete);
        location.Describe().Should().Contain($"{EwsSchemaLocator.EnvironmentVariable}='{incomplete}', which has no types.xsd")
            .And.Contain("nothing else was tried");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_environment_value_counts_as_unset(string? value)
    {
        using var folders = new SchemaFolders();
        var fromMetadata = folders.Schema("baked");

        var location = EwsSchemaLocator.Search(value, [fromMetadata], searchRoots: null);

        location.Source.Should().Be(EwsSchemaSource.AssemblyMetadata);
        location.Directory.Should().Be(fromMetadata);
    }

    [Fact]
    public void Relative_environment_value_is_returned_as_a_full_path()
    {
        using var folders = new SchemaFolders();
        var schema = folders.Schema("env");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), schema);

        EwsSchemaLocator.Search(relative, null, null).Directory.Should().Be(schema);
    }

    [Fact]
    public void First_usable_metadata_value_wins_over_parent_folders()
    {
        using var folders = new SchemaFolders();
        var missing = Path.Combine(folders.Root, "built-elsewhere");
        var empty = folders.Folder("empty");
        var fromMetadata = folders.Schema("baked");
        var second = folders.Schema("baked-too");

        var location = EwsSchemaLocator.Search(null, [null, "", missing, empty, fromMetadata, second], [folders.Schema("repo/shared/ews-schema")]);

        location.Source.Should().Be(EwsSchemaSource.AssemblyMetadata);
        location.Directory.Should().Be(fromMetadata);
        location.SearchedPaths.Should().Equal(missing, empty, fromMetadata);
    }

    [Fact]
    public void Unusable_metadata_falls_through_to_the_parent_folders()
    {
        using var folders = new SchemaFolders();
        var schema = folders.Schema("repo/shared/ews-schema");
        var start = folders.Folder("repo/tests/bin");

        var location = EwsSchemaLocator.Search(null, [Path.Combine(folders.Root, "gone")], [start]);

        location.Source.Should().Be(EwsSchemaSource.ParentFolder);
        location.Directory.Should().Be(schema);
        location.Describe().Should().Be($"EWS schema found at {schema} (shared/ews-schema walking up from {start}).");
    }

    [Fact]
    public void Walking_up_checks_each_level_from_the_start_folder_itself()
    {
        using var folders = new SchemaFolders();
        var schema = folders.Schema("repo/shared/ews-schema");
        var start = folders.Folder("repo/a/b");

        var location = EwsSchemaLocator.Search(null, null, [start]);

        location.Directory.Should().Be(schema);
        location.SearchedPaths.Should().Equal(
            Path.Combine(folders.Root, "repo", "a", "b", "shared", "ews-schema"),
            Path.Combine(folders.Root, "repo", "a", "shared", "ews-schema"),
            schema);
    }

    [Fact]
    public void Walking_up_tries_the_roots_in_order_without_checking_a_folder_twice()
    {
        using var folders = new SchemaFolders();
        var schema = folders.Schema("app/shared/ews-schema");
        var current = folders.Folder("work/dir");
        var baseDirectory = folders.Folder("app/bin");

        var location = EwsSchemaLocator.Search(null, null, [current, baseDirectory]);

        location.Directory.Should().Be(schema);
        location.SearchedPaths.Should().OnlyHaveUniqueItems();
        location.SearchedPaths[0].Should().Be(Path.Combine(current, "shared", "ews-schema"));
        location.SearchedPaths.Should().Contain(Path.Combine(folders.Root, "shared", "ews-schema"))
            .Which.Should().NotBe(location.SearchedPaths[^1]);
        location.Describe().Should().Contain($"walking up from {baseDirectory}");
    }

    [Theory]
    [InlineData("messages.xsd")]
    [InlineData("types.xsd")]
    [InlineData("README.md")]
    public void Shared_folder_without_both_xsd_files_is_passed_over(string onlyFile)
    {
        using var folders = new SchemaFolders();
        var incomplete = folders.Folder("repo/tests/shared/ews-schema", onlyFile);
        var schema = folders.Schema("repo/shared/ews-schema");

        var location = EwsSchemaLocator.Search(null, null, [folders.Folder("repo/tests/bin")]);

        location.Directory.Should().Be(schema);
        location.SearchedPaths.Should().Contain(incomplete);
    }

    [Fact]
    public void Nothing_found_says_where_it_looked_and_why_each_folder_did_not_count()
    {
        using var folders = new SchemaFolders();
        var baked = Path.Combine(folders.Root, "gone");
        var incomplete = folders.Folder("repo/shared/ews-schema", "messages.xsd");
        var start = folders.Folder("repo/bin");

        var location = EwsSchemaLocator.Search(null, [baked], [start]);

        // Walking on past the temporary folder could meet a real shared/ews-schema on this machine; never the incomplete one.
        location.Directory.Should().NotBe(incomplete);
        if (!location.Found)
        {
            location.Source.Should().Be(EwsSchemaSource.None);
            location.Describe().Should()
                .StartWith("No EWS schema folder (one holding messages.xsd and types.xsd) was found; looked at: ")
                .And.Contain($"{EwsSchemaLocator.EnvironmentVariable} is not set")
                .And.Contain($"EwsSchemaDirectory metadata (#1) '{baked}' does not exist")
                .And.Contain($"no shared/ews-schema walking up from {start} ({incomplete} has no types.xsd)")
                .And.EndWith($"Set {EwsSchemaLocator.EnvironmentVariable} to a folder holding Microsoft's messages.xsd and types.xsd, or keep one in a shared/ews-schema folder above the working directory.");
            location.ToString().Should().Be(location.Describe());
        }
    }

    [Fact]
    public void No_inputs_find_nothing_without_throwing()
    {
        var location = EwsSchemaLocator.Search(null, null, null);

        location.Found.Should().BeFalse();
        location.SearchedPaths.Should().BeEmpty();
        location.Describe().Should().Be(
            $"No EWS schema folder (one holding messages.xsd and types.xsd) was found; looked at: {EwsSchemaLocator.EnvironmentVariable} is not set. "
            + $"Set {EwsSchemaLocator.EnvironmentVariable} to a folder holding Microsoft's messages.xsd and types.xsd, or keep one in a shared/ews-schema folder above the working directory.");
    }

    [Fact]
    public void A_root_whose_folders_were_all_searched_already_is_not_mentioned_again()
    {
        using var folders = new SchemaFolders();
        var start = folders.Folder("bin");

        var location = EwsSchemaLocator.Search(null, null, [start, start]);

        location.SearchedPaths.Should().OnlyHaveUniqueItems();
        if (!location.Found)
        {
            var description = location.Describe();
            description.IndexOf($"walking up from {start}", StringComparison.Ordinal).Should()
                .Be(description.LastIndexOf($"walking up from {start}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Start_folders_are_named_without_a_trailing_separator()
    {
        using var folders = new SchemaFolders();
        var start = folders.Folder("bin");

        var location = EwsSchemaLocator.Search(null, null, [start + Path.DirectorySeparatorChar]);

        location.SearchedPaths[0].Should().Be(Path.Combine(start, "shared", "ews-schema"));
        if (!location.Found)
        {
            location.Describe().Should().Contain($"walking up from {start}. Set");
        }
    }

    [Fact]
    public void IsSchemaDirectory_needs_an_existing_folder_with_both_files()
    {
        using var folders = new SchemaFolders();
        var file = Path.Combine(folders.Folder("f", "messages.xsd"), "messages.xsd");

        EwsSchemaLocator.IsSchemaDirectory(folders.Schema("ok")).Should().BeTrue();
        EwsSchemaLocator.IsSchemaDirectory(folders.Folder("half", "types.xsd")).Should().BeFalse();
        EwsSchemaLocator.IsSchemaDirectory(file).Should().BeFalse();
        EwsSchemaLocator.IsSchemaDirectory(Path.Combine(folders.Root, "none")).Should().BeFalse();
        EwsSchemaLocator.IsSchemaDirectory("").Should().BeFalse();
        EwsSchemaLocator.IsSchemaDirectory(null).Should().BeFalse();
        EwsSchemaLocator.IsSchemaDirectory("bad\0path").Should().BeFalse();
        EwsSchemaLocator.RequiredFiles.Should().Equal("messages.xsd", "types.xsd");
    }
}
