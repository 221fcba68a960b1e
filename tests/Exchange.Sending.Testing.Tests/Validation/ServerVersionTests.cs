using System.Net;

namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>RequestServerVersion acceptance and the ServerVersionInfo header.</summary>
public sealed class ServerVersionTests
{
    [Fact]
    public async Task Version_newer_than_the_emulated_one_is_ErrorInvalidServerVersion()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.EmulatedVersion = "Exchange2013_SP1");

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "Exchange2016"));

        response.Status.Should().Be(HttpStatusCode.InternalServerError);
        response.FaultCode.Should().Be("ErrorInvalidServerVersion");
        response.Fault!.Element("faultstring")!.Value.Should().Be("The specified server version is invalid.");
        response.Find("MessageXml").Should().BeNull();
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task The_version_fault_has_no_header_unless_asked_to_carry_ServerVersionInfo()
    {
        await using var plain = await TestServers.WithoutSchemaAsync(o => o.EmulatedVersion = "Exchange2010_SP2");
        (await plain.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "Exchange2016"))).Find("ServerVersionInfo").Should().BeNull();

        await using var server = await TestServers.WithoutSchemaAsync(o =>
        {
            o.EmulatedVersion = "Exchange2010_SP2";
            o.ServerVersionInfo = new FakeEwsServerVersionInfo(14, 3, 123, 4, "V2_5");
            o.VersionFaultCarriesServerVersionInfo = true;
        });
        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "Exchange2016"));

        response.FaultCode.Should().Be("ErrorInvalidServerVersion");
        var info = response.Find("ServerVersionInfo")!;
        info.Parent!.Name.Should().Be(System.Xml.Linq.XName.Get("Header", Soap.SoapNs));
        (info.Attribute("MajorVersion")!.Value, info.Attribute("MinorVersion")!.Value, info.Attribute("Version")!.Value).Should().Be(("14", "3", "V2_5"));
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Emulated_version_itself_is_accepted()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.EmulatedVersion = "Exchange2013_SP1");

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(), version: "Exchange2013_SP1"));

        response.ResponseCode.Should().Be("NoError");
    }

    [Fact]
    public async Task Responses_carry_the_configured_ServerVersionInfo_header()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.ServerVersionInfo = new FakeEwsServerVersionInfo(15, 2, 330, 5, "V2017_07_11"));

        var response = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        var info = response.Find("ServerVersionInfo")!;
        info.Parent!.Name.Should().Be(System.Xml.Linq.XName.Get("Header", Soap.SoapNs));
        info.Attribute("MajorVersion")!.Value.Should().Be("15");
        info.Attribute("MinorVersion")!.Value.Should().Be("2");
        info.Attribute("MajorBuildNumber")!.Value.Should().Be("330");
        info.Attribute("MinorBuildNumber")!.Value.Should().Be("5");
        info.Attribute("Version")!.Value.Should().Be("V2017_07_11");
    }

    [Fact]
    public async Task Unknown_emulated_version_is_refused_at_start()
    {
        var act = () => TestServers.WithoutSchemaAsync(o => o.EmulatedVersion = "Exchange2019");

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("Exchange2019");
    }
}
