using BenchmarkDotNet.Running;

namespace Exchange.Sending.Benchmarks;

/// <summary>
/// Runs the benchmarks (<c>dotnet run -c Release -- --filter '*' --job short</c>, see ../README.md), or, with
/// <c>--fake-ews-server</c>, hosts the bundled EWS server in this process for the out-of-process measurements, or,
/// with <c>--request-bytes</c>, prints the request size of each scenario and format.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [LoopbackServer.ServeArgument, ..])
        {
            return await LoopbackServer.ServeUntilStdinClosesAsync(args.Contains(LoopbackServer.SchemaArgument), args.Contains(LoopbackServer.BasicArgument));
        }

        if (args is [Wire.Probe.Argument, ..])
        {
            return await Wire.Probe.RunAsync(args);
        }

        if (args is [Wire.PeakMemory.Argument, _, ..])
        {
            return await Wire.PeakMemory.RunAsync(args);
        }

        if (args is [Wire.AllocationProfile.Argument, ..])
        {
            return await Wire.AllocationProfile.RunAsync(args);
        }

        if (args is ["--client-loop", ..])
        {
            return await Wire.ClientWorkBenchmarks.LoopAsync(args);
        }

        if (args is [RequestBytesReport.Argument])
        {
            return await RequestBytesReport.RunAsync();
        }

        // Benchmark processes inherit the environment: tell them which assembly hosts the out-of-process server.
        Environment.SetEnvironmentVariable(LoopbackServer.HostAssemblyVariable, typeof(Program).Assembly.Location);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
