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

        Console.WriteLine($"raw  {Describe(raw)}");
        Console.WriteLine($"ours {Describe(ours)}");
        return 0;
    }

    private static string Describe(long[] ticks)
    {
        var sorted = ticks.Skip(ticks.Length / 5).Order().ToArray();
        double Us(double q) => sorted[(int)(q * (sorted.Length - 1))] * 1e6 / Stopwatch.Frequency;
        return $"p10 {Us(0.1):F0} µs  median {Us(0.5):F0} µs  p90 {Us(0.9):F0} µs";
    }
}
