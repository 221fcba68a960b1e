namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>ResolveNames against the configured users: one hit, several (Warning), none (Error).</summary>
public sealed class ResolveNamesTests
{
    private static Task<FakeEwsServer> StartAsync() => TestServers.WithoutSchemaAsync(o =>
    {
        o.Users.Add(new FakeEwsUser("alice@example.com", "Alice Example"));
        o.Users.Add(new FakeEwsUser("albert@example.com", "Albert Example"));
    });

    [Fact]
    public async Task Exact_address_resolves_to_one_mailbox()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.ResolveNames("alice@example.com"));

        response.ResponseClass.Should().Be("Success");
        response.Find("ResolutionSet", Soap.M)!.Attribute("TotalItemsInView")!.Value.Should().Be("1");
        response.Find("Name")!.Value.Should().Be("Alice Example");
        response.Find("RoutingType")!.Value.Should().Be("SMTP");
    }

    [Fact]
    public async Task Ambiguous_prefix_is_a_warning_with_all_candidates()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.ResolveNames("al"));

        response.ResponseClass.Should().Be("Warning");
        response.ResponseCode.Should().Be("ErrorNameResolutionMultipleResults");
        response.Xml.Descendants(System.Xml.Linq.XName.Get("Resolution", Soap.T)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Unknown_name_is_ErrorNameResolutionNoResults()
    {
        await using var server = await StartAsync();

        var response = await server.PostAsync(Soap.ResolveNames("zed@example.com"));

        response.ResponseClass.Should().Be("Error");
        response.ResponseCode.Should().Be("ErrorNameResolutionNoResults");
    }

    [Fact]
    public async Task Added_user_is_resolvable()
    {
        await using var server = await StartAsync();
        server.AddUser(new FakeEwsUser("zed@example.com", "Zed"));

        var response = await server.PostAsync(Soap.ResolveNames("SMTP:zed@example.com"));

        response.ResponseCode.Should().Be("NoError");
    }
}
