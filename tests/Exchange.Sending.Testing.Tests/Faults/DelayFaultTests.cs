using System.Diagnostics;

namespace Exchange.Sending.Testing.Tests.Faults;

/// <summary>A delay postpones the answer, then the request is handled normally.</summary>
public sealed class DelayFaultTests
{
    [Fact]
    public async Task Request_is_answered_after_the_delay()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        server.EnqueueFault(FakeEwsFault.Delay(TimeSpan.FromMilliseconds(400)));
        var clock = Stopwatch.StartNew();

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message()));

        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(380);
        response.ResponseCode.Should().Be("NoError");
        server.SentMessages.Should().ContainSingle();
    }
}
