namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>How the schema directory option behaves when it is wrong or missing.</summary>
public sealed class SchemaDirectoryOptionTests
{
    [Fact]
    public async Task Configured_but_missing_directory_fails_start()
    {
        var act = () => FakeEwsServer.StartAsync(new FakeEwsServerOptions { SchemaDirectory = "/nonexistent/ews-schema" });

        (await act.Should().ThrowAsync<DirectoryNotFoundException>()).Which.Message.Should().Contain("/nonexistent/ews-schema");
    }

    [Fact]
    public async Task Directory_without_the_xsd_files_fails_start()
    {
        var empty = Directory.CreateTempSubdirectory("ews-schema-empty");
        try
        {
            var act = () => FakeEwsServer.StartAsync(new FakeEwsServerOptions { SchemaDirectory = empty.FullName });

            (await act.Should().ThrowAsync<FileNotFoundException>()).Which.Message.Should().Contain("messages.xsd");
        }
        finally
        {
            empty.Delete();
        }
    }

    [SkippableFact]
    public async Task Required_validation_without_any_directory_fails_start()
    {
        Skip.If(Environment.GetEnvironmentVariable(FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable) is not null, "the environment variable supplies a directory here");

        var act = () => FakeEwsServer.StartAsync(new FakeEwsServerOptions { RequireSchemaValidation = true });

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(FakeEwsServerOptions.SchemaDirectoryEnvironmentVariable);
    }

    [SkippableFact]
    public async Task Valid_directory_enables_validation()
    {
        await using var server = await TestServers.WithSchemaAsync();

        server.SchemaValidationEnabled.Should().BeTrue();
        server.EndpointUri.ToString().Should().Be($"http://127.0.0.1:{server.Port}/EWS/Exchange.asmx");
        server.ServerUrl.Should().Be($"127.0.0.1:{server.Port}");
    }
}
