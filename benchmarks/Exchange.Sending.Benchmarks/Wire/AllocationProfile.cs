using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// <c>--alloc-profile [sends]</c>: our plain send through the canned handler (as <see cref="ClientWorkBenchmarks"/>), with
/// the runtime's allocation sampling (GCAllocationTick, one event per ~100 KB allocated, naming the type that crossed the
/// threshold) turned on, and prints the sampled types by share and the exact bytes per send
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> is not used: the send hops threads). Where issue 10's bytes go.
/// </summary>
public static class AllocationProfile
{
    public const string Argument = "--alloc-profile";

    public static async Task<int> RunAsync(string[] args)
    {
        var sends = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        using var benchmark = new ClientWorkBenchmarks { Scenario = WireScenario.PlainText };
        await benchmark.SetupAsync();
        for (var i = 0; i < 2_000; i++)
        {
            await benchmark.Ours();
        }

        using var listener = new AllocationListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < sends; i++)
        {
            await benchmark.Ours();
        }

        var perSend = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)sends;
        Console.WriteLine($"{sends} sends, {perSend:F0} bytes allocated per send (all threads)");
        var total = listener.Samples.Values.Sum();
        foreach (var (type, count) in listener.Samples.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine($"{100.0 * count / total,6:F1} %  {perSend * count / total,7:F0} B/send  {type}");
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        public ConcurrentDictionary<string, long> Samples { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // GC keyword (0x1) at Verbose carries GCAllocationTick.
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.Payload is { } payload)
            {
                var index = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
                var type = index >= 0 ? payload[index] as string ?? "?" : "?";
                Samples.AddOrUpdate(type, 1, (_, n) => n + 1);
            }
        }
    }
}
