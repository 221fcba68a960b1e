namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>Starts servers for tests.</summary>
internal static class TestServers
{
    /// <summary>A server validating against Microsoft's XSD (skips/fails the test when the files are missing).</summary>
    public static Task<FakeEwsServer> WithSchemaAsync(Action<FakeEwsServerOptions>? configure = null)
    {
        var options = new FakeEwsServerOptions { SchemaDirectory = TestSchema.RequireDirectory(), RequireSchemaValidation = true };
        configure?.Invoke(options);
        return FakeEwsServer.StartAsync(options);
    }

    /// <summary>A server without XSD validation (only the server's own structural checks).</summary>
    public static Task<FakeEwsServer> WithoutSchemaAsync(Action<FakeEwsServerOptions>? configure = null)
    {
        var options = new FakeEwsServerOptions();
        configure?.Invoke(options);
        options.SchemaDirectory = null;
        options.DisableSchemaValidation = true; // also when EXCHANGE_SENDING_EWS_SCHEMA_DIR is set (as in CI)
        return FakeEwsServer.StartAsync(options);
    }

    /// <summary>Creates a draft with SaveOnly and returns its id and change key.</summary>
    public static async Task<(string Id, string ChangeKey)> CreateDraftAsync(this FakeEwsServer server, string? message = null)
    {
        var response = await server.PostAsync(Soap.CreateItem("SaveOnly", message ?? Soap.Message()));
        var itemId = response.Find("ItemId") ?? throw new InvalidOperationException("No ItemId in " + response);
        return (itemId.Attribute("Id")!.Value, itemId.Attribute("ChangeKey")!.Value);
    }
}
