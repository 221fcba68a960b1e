namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>Faults apply first-in first-out, to the next request or to the next request of a named operation.</summary>
public sealed class FaultQueueTests
{
    [Fact]
    public async Task Operation_targeted_fault_waits_for_that_operation()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var (id, changeKey) = await server.CreateDraftAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorServerBusy"), operation: "SendItem");

        var getFolder = await server.PostAsync(Soap.GetFolder("IdOnly", "drafts"));
        var send = await server.PostAsync(Soap.SendItem(id, changeKey));
        var retry = await server.PostAsync(Soap.SendItem(id, changeKey));

        getFolder.ResponseCode.Should().Be("NoError");
        send.ResponseCode.Should().Be("ErrorServerBusy");
        retry.ResponseCode.Should().Be("NoError");
    }

    [Fact]
    public async Task Faults_are_used_in_order()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorServerBusy"));
        server.EnqueueFault(FakeEwsFault.HttpStatus(503));

        var first = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));
        var second = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));
        var third = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"));

        first.ResponseCode.Should().Be("ErrorServerBusy");
        ((int)second.Status).Should().Be(503);
        third.ResponseCode.Should().Be("NoError");
    }

    [Fact]
    public async Task Http_fault_targeted_by_soap_action_applies_before_the_body_is_read()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.HttpStatus(413), operation: "CreateItem");

        var other = await server.PostAsync(Soap.GetFolder("IdOnly", "inbox"), soapAction: "http://schemas.microsoft.com/exchange/services/2006/messages/GetFolder");
        var create = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()), soapAction: "http://schemas.microsoft.com/exchange/services/2006/messages/CreateItem");

        other.ResponseCode.Should().Be("NoError");
        ((int)create.Status).Should().Be(413);
    }
}
