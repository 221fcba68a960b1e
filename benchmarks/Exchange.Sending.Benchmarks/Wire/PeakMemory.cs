using System.Globalization;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// <c>--peak-rss &lt;scenario&gt; [sends]</c>: in this fresh process, sends the scenario's message <c>sends</c> times (default 5)
/// to the out-of-process stand-in, the attachment from a file (ExchangeAttachment.FromFile, so the process never holds
/// its bytes), and prints the peak resident set (VmHWM) after a warm-up (a plain send and three with a 20 MB file
/// attachment, in every run, so that the JIT's tiering is done) and after the last send. Run once per scenario:
/// the difference between the 20 MB / 100 MB rows and the PlainText row is what sending the attachment cost in memory.
/// </summary>
internal static class PeakMemory
{
    public const string Argument = "--peak-rss";

    public static async Task<int> RunAsync(string[] args)
    {
        Environment.SetEnvironmentVariable(LoopbackServer.HostAssemblyVariable, typeof(Program).Assembly.Location);
        var scenario = Enum.Parse<WireScenario>(args[1]);
        var sends = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var message = WireMessages.PlainText();
        string? file = null;
        var bytes = WireMessages.AttachmentBytes(scenario);
        if (bytes > 0)
        {
            file = Path.Combine(Path.GetTempPath(), $"peak-rss-{Environment.ProcessId}.bin");
            await using (var stream = File.Create(file))
            {
                var block = new byte[1024 * 1024];
                new Random(42).NextBytes(block);
                for (long written = 0; written < bytes; written += block.Length)
                {
                    await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, bytes - written)));
                }
            }

            message.Attachments.Add(ExchangeAttachment.FromFile(file, "archive.zip", "application/zip"));
        }

        try
        {
            await using var server = await LoopbackServer.StartAsync(ServerMode.OutOfProcess);
            using var sender = new ExchangeMailSender(WireSetup.Options(server.ServerUrl, ExchangeMessageFormat.Items, basic: false, 8));
            // The connection, the JIT and the pools warmed up the same way in every run: a plain message, then one with a
            // 20 MB attachment from a file: the tiered JIT recompiles the attachment path's loops during long sends (OSR,
            // tier 1), which alone raises the peak by about 7 MB once; with DOTNET_TieredCompilation=0 the difference is 1-2 MB.
            await sender.SendAsync(WireMessages.PlainText());
            var warmFile = Path.Combine(Path.GetTempPath(), $"peak-rss-warm-{Environment.ProcessId}.bin");
            await using (var stream = File.Create(warmFile))
            {
                stream.SetLength(20L * WireMessages.MB);   // zeros, without holding them in memory
            }

            var warm = WireMessages.PlainText();
            warm.Attachments.Add(ExchangeAttachment.FromFile(warmFile, "warm.bin", "application/octet-stream"));
            for (var i = 0; i < 3; i++)
            {
                await sender.SendAsync(warm);
            }

            File.Delete(warmFile);
            GC.Collect();
            var before = Kilobytes("VmHWM");
            Console.WriteLine($"  after warm-up: GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F1} MB, {System.Diagnostics.Process.GetCurrentProcess().Threads.Count} threads");
            for (var i = 0; i < sends; i++)
            {
                await sender.SendAsync(message);
            }

            Console.WriteLine($"{scenario}: {sends} sends, peak RSS {before / 1024.0:F1} MB after warm-up, {Kilobytes("VmHWM") / 1024.0:F1} MB after the sends; "
                + $"managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F1} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F1} MB, "
                + $"{System.Diagnostics.Process.GetCurrentProcess().Threads.Count} threads, {GC.CollectionCount(0)} gen0 GCs");
        }
        finally
        {
            if (file is not null)
            {
                File.Delete(file);
            }
        }

        return 0;
    }

    private static long Kilobytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
