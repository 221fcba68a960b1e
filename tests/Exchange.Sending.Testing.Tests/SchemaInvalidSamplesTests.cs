using System.Net;
using Exchange.Sending.Testing.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Testing.Tests;

/// <summary>The deliberately broken samples get Exchange's ErrorSchemaValidation SOAP fault with line, position and violation.</summary>
public sealed class SchemaInvalidSamplesTests
{
    [SkippableTheory]
    [InlineData("bad-disposition-content.xml", 9, "MessageDisposition")]
    [InlineData("bad-extprop-no-type.xml", 28, "PropertyType")]
    [InlineData("bad-order.xml", 33, "Subject")]
    [InlineData("bad-root-typo.xml", 9, "CreateItm")]
    [InlineData("bad-version.xml", 6, "Exchange2019")]
    public async Task Broken_sample_gets_ErrorSchemaValidation_fault(string sample, int line, string mentioned)
    {
        await using var server = await TestServers.WithSchemaAsync();

        var response = await server.PostAsync(TestSchema.Sample(sample));

        response.Status.Should().Be(HttpStatusCode.InternalServerError);
        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("LineNumber")!.Value.Should().Be(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int.Parse(response.Find("LinePosition")!.Value, System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();
        response.Find("Violation")!.Value.Should().Contain(mentioned);
        server.SentMessages.Should().BeEmpty();
    }
}
