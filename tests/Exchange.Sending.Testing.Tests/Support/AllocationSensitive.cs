namespace Exchange.Sending.Testing.Tests.Support;

/// <summary>Tests that measure process-wide allocations run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationSensitive
{
    public const string Name = "Allocation-sensitive";
}
