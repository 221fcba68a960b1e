namespace Exchange.Sending.Testing.Internal;

/// <summary>What an operation runs with: the server's state, the request's envelope and the authenticated caller (if any).</summary>
internal sealed record OperationContext(ServerState State, EwsEnvelope Envelope, FakeEwsUser? Caller)
{
    public MailStore Store => State.Store;

    /// <summary>The <c>t:ServerVersionInfo</c> header of the response.</summary>
    public FakeEwsServerVersionInfo Version => State.Options.ServerVersionInfo;
}
