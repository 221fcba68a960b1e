namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>Dropped connections: before the body is read nothing happens; after it the message was sent but the answer is lost.</summary>
public sealed class DropConnectionFaultTests
{
    [Fact]
    public async Task Drop_before_body_read_fails_the_call_and_sends_nothing()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionBeforeBodyRead());

        var act = () => server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        await act.Should().ThrowAsync<HttpRequestException>();
        server.SentMessages.Should().BeEmpty();
        server.Requests.Should().ContainSingle().Which.HttpStatus.Should().Be(0);
    }

    [Fact]
    public async Task Drop_after_body_read_fails_the_call_but_the_message_went_out()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead());

        var act = () => server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(subject: "ghost")));

        await act.Should().ThrowAsync<HttpRequestException>();
        server.SentMessages.Should().ContainSingle().Which.Subject.Should().Be("ghost");
        var request = server.Requests.Should().ContainSingle().Subject;
        request.HttpStatus.Should().Be(0);
        request.BodyBytes.Should().BePositive();
    }
}
