using System.Net;
using Exchange.Sending.Testing.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Testing.Tests;

/// <summary>Microsoft-schema-valid sample requests (read from ../shared/ews-schema/samples) pass validation.</summary>
public sealed class SchemaValidSamplesTests
{
    [SkippableTheory]
    [InlineData("createitem-full.xml")]
    [InlineData("createitem-mime.xml")]
    [InlineData("createitem-subset-order.xml")]
    [InlineData("createattachment.xml")]
    [InlineData("senditem.xml")]
    [InlineData("getfolder.xml")]
    [InlineData("resolvenames.xml")]
    public async Task Valid_sample_is_accepted_by_schema_validation(string sample)
    {
        await using var server = await TestServers.WithSchemaAsync(o => o.Users.Add(new FakeEwsUser("alice@example.com", "Alice")));
        server.GrantSendAs("alice@example.com", "shared@example.com");
        server.GrantSendAs("alice@example.com", "owner@example.com");

        var response = await server.PostAsync(TestSchema.Sample(sample));

        response.Status.Should().Be(HttpStatusCode.OK, response.ToString());
        response.Fault.Should().BeNull();
        server.SchemaValidationEnabled.Should().BeTrue();
    }
}
