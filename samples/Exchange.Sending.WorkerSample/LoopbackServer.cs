using Exchange.Sending.Testing;

namespace Exchange.Sending.WorkerSample;

/// <summary>
/// The bundled EWS server (Exchange.Sending.Testing's <see cref="FakeEwsServer"/>) in loopback mode. Before the second
/// and third send it queues a fault, so that the sample shows each kind of result a real server can give: the second
/// send is refused with a response code, the third is delivered but its answer is cut short (its outcome is unknown
/// until it is looked up in Sent Items).
/// </summary>
internal sealed class LoopbackServer(FakeEwsServer server)
{
    public FakeEwsServer Server => server;

    /// <summary>Queues the fault for send number <paramref name="index"/> (0-based) and says what the sample should see.</summary>
    public ExpectedOutcome Arrange(int index)
    {
        switch (index)
        {
            case 1:
                server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorInvalidRecipients", "One or more recipients are invalid."), "CreateItem");
                return ExpectedOutcome.Failed;
            case 2:
                server.EnqueueFault(FakeEwsFault.ProcessThenTruncateResponse(200), "CreateItem");
                return ExpectedOutcome.UnknownThenFound;
            default:
                return ExpectedOutcome.Sent;
        }
    }
}

/// <summary>What a send in loopback mode is arranged to give.</summary>
internal enum ExpectedOutcome
{
    Sent,
    Failed,
    UnknownThenFound,
}
