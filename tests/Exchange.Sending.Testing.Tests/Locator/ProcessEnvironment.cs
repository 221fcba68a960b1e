namespace Exchange.Sending.Testing.Tests.Locator;

/// <summary>Tests that change process-wide state (environment variables) run alone: no other test runs meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironment
{
    public const string Name = "Process environment";

    /// <summary>Sets an environment variable until disposed, then restores its previous value.</summary>
    public static IDisposable Set(string name, string? value)
    {
        var previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return new Restore(() => Environment.SetEnvironmentVariable(name, previous));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
