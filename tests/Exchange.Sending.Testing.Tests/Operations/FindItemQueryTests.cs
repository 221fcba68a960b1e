using System.Xml.Linq;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>FindItem's restrictions, sort order, paging and shapes, and its honest refusals of what it does not evaluate.</summary>
public sealed class FindItemQueryTests
{
    private static readonly XNamespace T = Soap.T;

    /// <summary>Three copies in Sent Items sent by Alice (the anonymous caller), one minute apart: "Alpha" (oldest), "Beta", "Gamma" (newest).</summary>
    private static async Task<FakeEwsServer> ThreeSentAsync()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var server = await TestServers.WithSchemaAsync(o =>
        {
            o.TimeProvider = clock;
            o.Users.Add(new FakeEwsUser("alice@example.com", "Alice"));
        });
        foreach (var subject in new[] { "Alpha", "Beta", "Gamma" })
        {
            await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: subject, internetMessageId: $"<{subject.ToLowerInvariant()}@example.com>")));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        return server;
    }

    private static List<string> Subjects(EwsResponse response) => response.FoundMessages.Select(m => m.Element(T + "Subject")!.Value).ToList();

    [SkippableFact]
    public async Task Without_a_sort_order_items_come_newest_first()
    {
        await using var server = await ThreeSentAsync();

        var response = await server.PostAsync(Soap.FindItem());

        Subjects(response).Should().Equal("Gamma", "Beta", "Alpha");
    }

    [SkippableFact]
    public async Task Sort_order_by_subject_and_by_time()
    {
        await using var server = await ThreeSentAsync();

        var bySubject = await server.PostAsync(Soap.FindItem(sortXml: "<t:FieldOrder Order=\"Descending\"><t:FieldURI FieldURI=\"item:Subject\"/></t:FieldOrder>"));
        var byCreated = await server.PostAsync(Soap.FindItem(sortXml: "<t:FieldOrder Order=\"Ascending\"><t:FieldURI FieldURI=\"item:DateTimeCreated\"/></t:FieldOrder>"));

        Subjects(bySubject).Should().Equal("Gamma", "Beta", "Alpha");
        Subjects(byCreated).Should().Equal("Alpha", "Beta", "Gamma");
    }

    [SkippableFact]
    public async Task Indexed_paging_reports_offset_total_and_whether_the_last_item_is_in_range()
    {
        await using var server = await ThreeSentAsync();

        var first = await server.PostAsync(Soap.FindItem(viewXml: "<m:IndexedPageItemView MaxEntriesReturned=\"2\" Offset=\"0\" BasePoint=\"Beginning\"/>"));
        var second = await server.PostAsync(Soap.FindItem(viewXml: "<m:IndexedPageItemView MaxEntriesReturned=\"2\" Offset=\"2\" BasePoint=\"Beginning\"/>"));
        var fromEnd = await server.PostAsync(Soap.FindItem(viewXml: "<m:IndexedPageItemView MaxEntriesReturned=\"1\" Offset=\"0\" BasePoint=\"End\"/>"));

        Subjects(first).Should().Equal("Gamma", "Beta");
        first.RootFolder!.Attribute("IndexedPagingOffset")!.Value.Should().Be("2");
        first.RootFolder.Attribute("TotalItemsInView")!.Value.Should().Be("3");
        first.RootFolder.Attribute("IncludesLastItemInRange")!.Value.Should().Be("false");
        Subjects(second).Should().Equal("Alpha");
        second.RootFolder!.Attribute("IndexedPagingOffset")!.Value.Should().Be("3");
        second.RootFolder.Attribute("IncludesLastItemInRange")!.Value.Should().Be("true");
        Subjects(fromEnd).Should().Equal("Alpha");
    }

    [SkippableFact]
    public async Task Subject_equality_ignores_case_and_contains_finds_substrings()
    {
        await using var server = await ThreeSentAsync();

        var equal = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("item:Subject", "beta")));
        var contains = await server.PostAsync(Soap.FindItem(
            "<t:Contains ContainmentMode=\"Substring\" ContainmentComparison=\"IgnoreCase\"><t:FieldURI FieldURI=\"item:Subject\"/><t:Constant Value=\"MM\"/></t:Contains>"));
        var exactContains = await server.PostAsync(Soap.FindItem(
            "<t:Contains ContainmentMode=\"Substring\" ContainmentComparison=\"Exact\"><t:FieldURI FieldURI=\"item:Subject\"/><t:Constant Value=\"MM\"/></t:Contains>"));

        Subjects(equal).Should().Equal("Beta");
        Subjects(contains).Should().Equal("Gamma");
        Subjects(exactContains).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task And_Or_Not_and_time_comparisons_combine()
    {
        await using var server = await ThreeSentAsync();
        var sinceBeta = "<t:IsGreaterThanOrEqualTo><t:FieldURI FieldURI=\"item:DateTimeSent\"/><t:FieldURIOrConstant><t:Constant Value=\"2026-05-01T08:01:00Z\"/></t:FieldURIOrConstant></t:IsGreaterThanOrEqualTo>";

        var since = await server.PostAsync(Soap.FindItem(sinceBeta));
        var and = await server.PostAsync(Soap.FindItem($"<t:And>{sinceBeta}<t:Not>{Soap.IsEqualTo("message:InternetMessageId", "<gamma@example.com>")}</t:Not></t:And>"));
        var or = await server.PostAsync(Soap.FindItem($"<t:Or>{Soap.IsEqualTo("item:Subject", "Alpha")}{Soap.IsEqualTo("item:Subject", "Gamma")}</t:Or>"));

        Subjects(since).Should().Equal("Gamma", "Beta");
        Subjects(and).Should().Equal("Beta");
        Subjects(or).Should().Equal("Gamma", "Alpha");
    }

    [SkippableFact]
    public async Task Shapes_return_what_they_name_in_schema_order()
    {
        await using var server = await ThreeSentAsync();
        var restriction = Soap.IsEqualTo("item:Subject", "Alpha");

        var idOnly = await server.PostAsync(Soap.FindItem(restriction, additionalProperties: null));
        var all = await server.PostAsync(Soap.FindItem(restriction, shape: "AllProperties", additionalProperties: null));

        idOnly.FoundMessages.Single().Elements().Select(e => e.Name.LocalName).Should().Equal("ItemId");
        all.FoundMessages.Single().Elements().Select(e => e.Name.LocalName).Should().Equal(
            "ItemId", "ParentFolderId", "ItemClass", "Subject", "Sensitivity", "DateTimeReceived", "Importance", "IsDraft",
            "DateTimeSent", "DateTimeCreated", "HasAttachments", "From", "InternetMessageId", "IsRead");
        all.FoundMessages.Single().Element(T + "InternetMessageId")!.Value.Should().Be("<alpha@example.com>");
        var from = all.FoundMessages.Single().Element(T + "From")!.Element(T + "Mailbox")!;
        from.Element(T + "Name")!.Value.Should().Be("Alice", "a message without t:From is from the mailbox that sent it");
        from.Element(T + "EmailAddress")!.Value.Should().Be("alice@example.com");
    }

    [SkippableTheory]
    [InlineData("<t:IsGreaterThan><t:FieldURI FieldURI=\"item:Subject\"/><t:FieldURIOrConstant><t:Constant Value=\"A\"/></t:FieldURIOrConstant></t:IsGreaterThan>", "t:IsGreaterThan on the text property item:Subject")]
    [InlineData("<t:IsEqualTo><t:FieldURI FieldURI=\"item:Importance\"/><t:FieldURIOrConstant><t:Constant Value=\"High\"/></t:FieldURIOrConstant></t:IsEqualTo>", "t:IsEqualTo on t:FieldURI 'item:Importance'")]
    [InlineData("<t:IsEqualTo><t:ExtendedFieldURI PropertyTag=\"0x1035\" PropertyType=\"String\"/><t:FieldURIOrConstant><t:Constant Value=\"x\"/></t:FieldURIOrConstant></t:IsEqualTo>", "t:IsEqualTo on t:ExtendedFieldURI")]
    [InlineData("<t:IsEqualTo><t:FieldURI FieldURI=\"item:Subject\"/><t:FieldURIOrConstant><t:FieldURI FieldURI=\"item:Subject\"/></t:FieldURIOrConstant></t:IsEqualTo>", "comparing two properties")]
    [InlineData("<t:Excludes><t:FieldURI FieldURI=\"item:Subject\"/><t:Bitmask Value=\"1\"/></t:Excludes>", "t:Excludes")]
    [InlineData("<t:And><t:Exists><t:FieldURI FieldURI=\"item:Subject\"/></t:Exists><t:Contains ContainmentMode=\"PrefixOnWords\"><t:FieldURI FieldURI=\"item:Subject\"/><t:Constant Value=\"A\"/></t:Contains></t:And>", "ContainmentMode=\"PrefixOnWords\"")]
    [InlineData("<t:IsEqualTo><t:FieldURI FieldURI=\"item:DateTimeSent\"/><t:FieldURIOrConstant><t:Constant Value=\"yesterday\"/></t:FieldURIOrConstant></t:IsEqualTo>", "'yesterday' for item:DateTimeSent")]
    public async Task Restriction_the_server_cannot_evaluate_is_ErrorInvalidRestriction_not_ignored(string restriction, string named)
    {
        await using var server = await ThreeSentAsync();

        var response = await server.PostAsync(Soap.FindItem(restriction));

        response.ResponseClass.Should().Be("Error", response.Text);
        response.ResponseCode.Should().Be("ErrorInvalidRestriction");
        response.MessageText.Should().Contain(named);
        response.RootFolder.Should().BeNull();
    }

    [SkippableFact]
    public async Task Unsupported_view_sort_and_paging_values_are_refused()
    {
        await using var server = await ThreeSentAsync();

        var fractional = await server.PostAsync(Soap.FindItem(viewXml: "<m:FractionalPageItemView Numerator=\"0\" Denominator=\"1\"/>"));
        var sort = await server.PostAsync(Soap.FindItem(sortXml: "<t:FieldOrder Order=\"Ascending\"><t:FieldURI FieldURI=\"item:Size\"/></t:FieldOrder>"));
        var zero = await server.PostAsync(Soap.FindItem(viewXml: "<m:IndexedPageItemView MaxEntriesReturned=\"0\" Offset=\"0\" BasePoint=\"Beginning\"/>"));
        var negative = await server.PostAsync(Soap.FindItem(viewXml: "<m:IndexedPageItemView Offset=\"-1\" BasePoint=\"Beginning\"/>"));

        fractional.ResponseCode.Should().Be("ErrorInvalidRequest");
        fractional.MessageText.Should().Contain("m:FractionalPageItemView");
        sort.ResponseCode.Should().Be("ErrorUnsupportedPathForSortGroup");
        zero.ResponseCode.Should().Be("ErrorInvalidPagingMaxRows");
        negative.ResponseCode.Should().Be("ErrorInvalidIndexedPagingParameters");
    }

    [SkippableFact]
    public async Task Associated_and_soft_deleted_traversals_find_nothing()
    {
        await using var server = await ThreeSentAsync();

        var associated = await server.PostAsync(Soap.FindItem(traversal: "Associated"));

        associated.ResponseCode.Should().Be("NoError");
        associated.FoundMessages.Should().BeEmpty();
    }
}
