namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>FindItem requests are checked like every other operation: against Microsoft's schema, and by the server's own order checks without it.</summary>
public sealed class FindItemValidationTests
{
    private const string Shape = "<m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>";
    private const string Folders = "<m:ParentFolderIds><t:DistinguishedFolderId Id=\"sentitems\"/></m:ParentFolderIds>";
    private const string Sort = "<m:SortOrder><t:FieldOrder Order=\"Ascending\"><t:FieldURI FieldURI=\"item:Subject\"/></t:FieldOrder></m:SortOrder>";
    private const string Exists = "<t:Exists><t:FieldURI FieldURI=\"item:Subject\"/></t:Exists>";
    private const string Restriction = $"<m:Restriction>{Exists}</m:Restriction>";

    public static TheoryData<string, string> OutOfOrder => new()
    {
        { $"<m:FindItem Traversal=\"Shallow\">{Folders}{Shape}</m:FindItem>", "ParentFolderIds" },
        { $"<m:FindItem Traversal=\"Shallow\">{Shape}{Sort}{Restriction}{Folders}</m:FindItem>", "Restriction" },
        { $"<m:FindItem Traversal=\"Shallow\">{Shape}</m:FindItem>", "incomplete content" },
        { $"<m:FindItem>{Shape}{Folders}</m:FindItem>", "Traversal" },
        { $"<m:FindItem Traversal=\"Deep\">{Shape}{Folders}</m:FindItem>", "Deep" },
        { $"<m:FindItem Traversal=\"Shallow\"><m:ItemShape><t:AdditionalProperties><t:FieldURI FieldURI=\"item:Subject\"/></t:AdditionalProperties><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>{Folders}</m:FindItem>", "AdditionalProperties" },
        { $"<m:FindItem Traversal=\"Shallow\">{Shape}<m:IndexedPageItemView Offset=\"x\" BasePoint=\"Beginning\"/>{Folders}</m:FindItem>", "Offset" },
        { $"<m:FindItem Traversal=\"Shallow\">{Shape}<m:Restriction><t:IsEqualTo><t:FieldURIOrConstant><t:Constant Value=\"a\"/></t:FieldURIOrConstant><t:FieldURI FieldURI=\"item:Subject\"/></t:IsEqualTo></m:Restriction>{Folders}</m:FindItem>", "FieldURIOrConstant" },
        { $"<m:FindItem Traversal=\"Shallow\">{Shape}<m:Restriction>{Exists}{Exists}</m:Restriction>{Folders}</m:FindItem>", "Exists" },
    };

    [SkippableTheory]
    [MemberData(nameof(OutOfOrder))]
    public async Task Invalid_FindItem_fails_schema_validation(string body, string named)
    {
        await using var server = await TestServers.WithSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(body));

        response.FaultCode.Should().Be("ErrorSchemaValidation", response.Text);
        response.Find("Violation")!.Value.Should().Contain(named);
    }

    [Theory]
    [MemberData(nameof(OutOfOrder))]
    public async Task Invalid_FindItem_is_refused_without_the_schema_too(string body, string named)
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(body));

        response.FaultCode.Should().Be("ErrorSchemaValidation", response.Text);
        response.Find("Violation")!.Value.Should().Contain(named);
    }

    [SkippableFact]
    public async Task Two_views_are_refused_although_each_is_optional()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(
            $"<m:FindItem Traversal=\"Shallow\">{Shape}<m:IndexedPageItemView Offset=\"0\" BasePoint=\"Beginning\"/><m:FractionalPageItemView Numerator=\"0\" Denominator=\"1\"/>{Folders}</m:FindItem>"));

        response.FaultCode.Should().Be("ErrorSchemaValidation", response.Text);
        response.Find("Violation")!.Value.Should().Contain("FractionalPageItemView");
    }

    [SkippableFact]
    public async Task Valid_FindItem_with_every_supported_part_passes_the_schema()
    {
        await using var server = await TestServers.WithSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(
            $"<m:FindItem Traversal=\"Shallow\">{Shape}<m:IndexedPageItemView MaxEntriesReturned=\"5\" Offset=\"0\" BasePoint=\"Beginning\"/>{Restriction}{Sort}{Folders}</m:FindItem>"));

        response.ResponseCode.Should().Be("NoError", response.Text);
    }
}
