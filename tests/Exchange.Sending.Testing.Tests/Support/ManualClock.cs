namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>A clock a test moves by hand (for <see cref="FakeEwsServerOptions.TimeProvider"/>).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
