namespace Exchange.Sending.Testing.Tests.Inspection;

/// <summary>WaitForMessageAsync hands out each sent message once, in order, and times out clearly.</summary>
public sealed class WaitForMessageTests
{
    [Fact]
    public async Task Returns_messages_in_order_each_once()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "one")));
        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "two")));

        (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).Subject.Should().Be("one");
        (await server.WaitForMessageAsync(TimeSpan.FromSeconds(5))).Subject.Should().Be("two");
    }

    [Fact]
    public async Task Completes_when_a_message_arrives_later()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var wait = server.WaitForMessageAsync(TimeSpan.FromSeconds(10));
        wait.IsCompleted.Should().BeFalse();

        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "later")));

        (await wait).Subject.Should().Be("later");
    }

    [Fact]
    public async Task Times_out_with_a_message_that_says_what_happened()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(to: null)));

        var act = () => server.WaitForMessageAsync(TimeSpan.FromMilliseconds(200));

        (await act.Should().ThrowAsync<TimeoutException>())
            .Which.Message.Should().Contain("200 ms").And.Contain("CreateItem").And.Contain("ErrorInvalidRecipients");
    }
}
