using System.Diagnostics;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary><c>--probe [scenario] [n]</c>: alternates raw and ours n times (not a benchmark; for finding where time goes)
/// and prints the medians and the 10th/90th percentiles.</summary>
internal static class Probe
{
    public const string Argument = "--probe";

    public static async Task<int> RunAsync(string[] args)
    {
        Environment.SetEnvironmentVariable(LoopbackServer.HostAssemblyVariable, typeof(Program).Assembly.Location);
        var scenario = args.Length > 1 ? Enum.Parse<WireScenario>(args[1]) : WireScenario.PlainText;
        var n = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3000;
        var basic = args.Contains("--basic");
        var message = WireMessages.For(scenario);
        await using var setup = await WireSetup.StartAsync(message, ExchangeMessageFormat.Items, basic);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var serverBefore = ServerCpu();
        var raw = new long[n];
        var ours = new long[n];
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            if (only != "ours")
            {
                await setup.Raw.PostAsync();
            }

            raw[i] = Stopwatch.GetTimestamp() - t;
            t = Stopwatch.GetTimestamp();
            if (only != "raw")
            {
                await setup.Sender.SendAsync(message);
            }

            ours[i] = Stopwatch.GetTimestamp() - t;
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)n;
        var client = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
        Console.WriteLine($"allocated per round ({(only is null ? "raw + ours" : only)}): {allocated / 1024:F2} KB");
        var server = ServerCpu() - serverBefore;
        Console.WriteLine($"CPU per round ({(only is null ? "raw + ours" : only)}): client {client.TotalMicroseconds / n:F0} µs, server {server.TotalMicroseconds / n:F0} µs");
        Console.WriteLine($"raw  {Describe(raw)}");
        Console.WriteLine($"ours {Describe(ours)}");
        return 0;
    }

    // CPU time (user + system) of the stand-in child process, from /proc (Linux).
    private static TimeSpan ServerCpu()
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(LoopbackServer.ServeArgument, StringComparison.Ordinal))
                {
                    var fields = File.ReadAllText(Path.Combine(dir, "stat")).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                    return TimeSpan.FromSeconds(ticks / 100.0);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return TimeSpan.Zero;
    }

    private static string Describe(long[] ticks)
    {
        var sorted = ticks.Skip(ticks.Length / 5).Order().ToArray();
        double Us(double q) => sorted[(int)(q * (sorted.Length - 1))] * 1e6 / Stopwatch.Frequency;
        var over = sorted.Count(t => t * 1000.0 / Stopwatch.Frequency > 5);
        return $"p10 {Us(0.1):F0} µs  median {Us(0.5):F0} µs  p90 {Us(0.9):F0} µs  p99 {Us(0.99):F0} µs  max {Us(1):F0} µs  mean {sorted.Average() * 1e6 / Stopwatch.Frequency:F0} µs  over 5 ms: {over}";
    }
}
