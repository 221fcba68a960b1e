namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>A test can make the server refuse a recipient.</summary>
public sealed class RejectRecipientTests
{
    [Fact]
    public async Task Rejected_recipient_fails_the_send_with_the_chosen_code()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.RejectRecipient("bad@example.com");
        server.RejectRecipient("full@example.com", "ErrorQuotaExceeded");

        var invalid = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(to: "BAD@example.com")));
        var quota = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(to: "full@example.com")));
        var fine = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(to: "good@example.com")));

        invalid.ResponseCode.Should().Be("ErrorInvalidRecipients");
        invalid.MessageText.Should().ContainEquivalentOf("bad@example.com");
        quota.ResponseCode.Should().Be("ErrorQuotaExceeded");
        fine.ResponseCode.Should().Be("NoError");
        server.SentMessages.Should().ContainSingle();
    }
}
