namespace Exchange.Sending.Tests.Support;

/// <summary>Tests that measure process-wide allocations run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationSensitive
{
    public const string Name = "Allocation-sensitive";
}
