using System.Diagnostics;
using Exchange.Sending.Ews;
using Exchange.Sending.Sending;
using Exchange.Sending.Transport;
using Exchange.Sending.Transport.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary><c>--probe [scenario] [n]</c>: alternates raw and ours n times (not a benchmark; for finding where time goes)
/// and prints the medians and the 10th/90th percentiles. Options: <c>--basic</c>; <c>--only raw|ours</c>; <c>--layer
/// sender|connection|transport|content|reader|content+reader|timeout|handler</c> (what "ours" is: the whole sender, or the
/// floor's post with one of our pieces in it); <c>--warmup n</c> (more rounds after WireSetup's warm-up); <c>--curve</c>
/// (medians of successive blocks of 2,000 rounds). <c>BENCH_SERVER_CPU=1</c> pins the stand-in to that CPU (run the probe
/// under <c>taskset -c 0</c> to give each process a core of its own).</summary>
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
        var senders = int.Parse(args.SkipWhile(a => a != "--senders").Skip(1).FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await using var setup = senders > 0
            ? await WireSetup.StartAsync(message, ExchangeMessageFormat.Items, basic, Math.Min(senders, 27))
            : await WireSetup.StartAsync(message, ExchangeMessageFormat.Items, basic);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        var layer = args.SkipWhile(a => a != "--layer").Skip(1).FirstOrDefault() ?? "sender";
        var ours = Layer(layer, setup, message, basic);
        Func<Task> rawPost = setup.Raw.PostAsync;
        if (senders > 0)
        {
            // Throughput: a round is a block of BlockMessages messages from that many concurrent callers; the figures are per message.
            rawPost = Block(senders, rawPost);
            ours = Block(senders, ours);
        }

        // WireSetup warmed both clients up (time-bounded); --warmup adds rounds of this layer beside the floor.
        var warmup = int.Parse(args.SkipWhile(a => a != "--warmup").Skip(1).FirstOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < warmup; i++)
        {
            await rawPost();
            await ours();
        }

        Console.WriteLine($"// layer: {layer}; {warmup} warm-up rounds of this layer after WireSetup's; figures per round are raw + ours together unless --only");
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gen0Before = GC.CollectionCount(0);
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var contentionBefore = Monitor.LockContentionCount;
        var pausedBefore = GC.GetTotalPauseDuration();
        var serverBefore = ServerCpu();
        // Counted during the rounds only (reading the stand-in's CPU from /proc throws and catches for other processes).
        var exceptions = 0;
        var counting = true;
        AppDomain.CurrentDomain.FirstChanceException += (_, _) =>
        {
            if (Volatile.Read(ref counting))
            {
                Interlocked.Increment(ref exceptions);
            }
        };
        var raw = new long[n];
        var oursTicks = new long[n];
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            if (only != "ours")
            {
                await rawPost();
            }

            raw[i] = Stopwatch.GetTimestamp() - t;
            t = Stopwatch.GetTimestamp();
            if (only != "raw")
            {
                await ours();
            }

            oursTicks[i] = Stopwatch.GetTimestamp() - t;
        }

        Volatile.Write(ref counting, false);
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)n;
        var client = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
        Console.WriteLine($"allocated per round ({(only is null ? "raw + ours" : only)}): {allocated / 1024:F2} KB; gen0 collections per 1,000 rounds: "
            + $"{(GC.CollectionCount(0) - gen0Before) * 1000.0 / n:F1}, GC pause per round: {(GC.GetTotalPauseDuration() - pausedBefore).TotalMicroseconds / n:F1} µs");
        Console.WriteLine($"thread-pool work items per round: {(ThreadPool.CompletedWorkItemCount - workItemsBefore) / (double)n:F2}, lock contentions per round: {(Monitor.LockContentionCount - contentionBefore) / (double)n:F3}, threads: {ThreadPool.ThreadCount}, first-chance exceptions: {exceptions}");
        var server = ServerCpu() - serverBefore;
        Console.WriteLine($"CPU per round ({(only is null ? "raw + ours" : only)}): client {client.TotalMicroseconds / n:F0} µs, server {server.TotalMicroseconds / n:F0} µs");
        if (args.Contains("--curve"))
        {
            // Medians of successive blocks of 2,000 rounds: how long the processes take to reach steady state.
            for (var start = 0; start + 2000 <= n; start += 2000)
            {
                static double Median(long[] t, int from) => t.Skip(from).Take(2000).Order().ElementAt(1000) * 1e6 / Stopwatch.Frequency;
                Console.WriteLine($"  rounds {start,6}–{start + 1999,6}: raw {Median(raw, start):F0} µs, ours {Median(oursTicks, start):F0} µs");
            }
        }

        if (senders > 0)
        {
            Console.WriteLine($"// {senders} senders: each round is {BlockMessages} messages; per message: raw {Median(raw) / BlockMessages:F1} µs, ours {Median(oursTicks) / BlockMessages:F1} µs, "
                + $"ours ÷ raw {Median(oursTicks) / Median(raw):F3}, throughput ours ÷ raw {Median(raw) / Median(oursTicks):F3}");
        }

        // Percentiles over the last 80 % of the rounds; "over 5 ms" counts rounds slower than 5 ms (GC, scheduling).
        Console.WriteLine($"raw  {Describe(raw)}");
        Console.WriteLine($"ours {Describe(oursTicks)}");
        if (only is null)
        {
            Console.WriteLine($"ours ÷ raw (medians): {Median(oursTicks) / Median(raw):F3}");
        }

        return 0;
    }

    private const int BlockMessages = 128;

    private static Func<Task> Block(int senders, Func<Task> send) => () =>
    {
        var workers = new Task[senders];
        for (var i = 0; i < senders; i++)
        {
            workers[i] = Task.Run(async () =>
            {
                for (var n = 0; n < BlockMessages / senders; n++)
                {
                    await send().ConfigureAwait(false);
                }
            });
        }

        return Task.WhenAll(workers);
    };

    // What "ours" is: the whole sender, or one layer under it (for finding where the time over the floor goes).
    private static Func<Task> Layer(string layer, WireSetup setup, ExchangeMailMessage message, bool basic)
    {
        var options = WireSetup.Options(setup.Server.ServerUrl, ExchangeMessageFormat.Items, basic, ExchangeConnectionOptions.DefaultMaxConcurrentRequests);
        var strategy = AuthenticationStrategies.For(options);
        var from = new ExchangeMailbox(options.SenderAddress!, options.SenderName);
        var operation = new CreateItemOperation(message, from, "<probe@example.com>", CreateItemOperation.SendAndSaveCopy,
            EwsFolderTarget.For(ExchangeSavedCopyFolder.AccountSentItems, from.Address), []);
        switch (layer)
        {
            case "sender":
                return () => setup.Sender.SendAsync(message);
            case "handler":
            {
                var poster = new RawPoster(setup.Captured, HttpPipeline.Default.Build(options, strategy, ServerCertificateTrust.Create(options), TimeSpan.FromMinutes(10)));
                return poster.PostAsync;
            }
            case "transport":
            {
                var transport = new EwsTransport(options, strategy, NullLogger.Instance);
                return () => transport.SendAsync(operation, default);
            }
            case "connection":
            {
                var connection = new EwsConnection(options, new EwsTransport(options, strategy, NullLogger.Instance), NullLogger.Instance);
                return () => connection.ExecuteAsync(operation, new SendContext(from, "<probe@example.com>"), default);
            }
            case "content" or "reader" or "timeout" or "content+reader":
            {
                // The floor's post with one of our pieces in it: our request content, our response reader, or our linked
                // timeout token source.
                var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
                return async () =>
                {
                    using var timeout = layer == "timeout" ? CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None) : null;
                    timeout?.CancelAfter(TimeSpan.FromSeconds(100));
                    using var request = new HttpRequestMessage(HttpMethod.Post, setup.Captured.Uri) { Version = System.Net.HttpVersion.Version11 };
                    if (layer.StartsWith("content", StringComparison.Ordinal))
                    {
                        request.Content = await EwsRequestContent.CreateAsync(ExchangeVersion.Exchange2013_SP1, operation, default);
                    }
                    else
                    {
                        request.Content = new ByteArrayContent(setup.Captured.Body);
                        request.Content.Headers.ContentType = setup.Captured.ContentType;
                    }

                    foreach (var (name, value) in setup.Captured.Headers)
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }

                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout?.Token ?? default);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    if (layer.EndsWith("reader", StringComparison.Ordinal))
                    {
                        await EwsResponseReader.ReadAsync(body, default);
                    }
                    else
                    {
                        await body.CopyToAsync(Stream.Null);
                    }
                };
            }
            default:
                throw new ArgumentException($"--layer {layer}: use sender, connection, transport or handler.");
        }
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

    private static double Median(long[] ticks) => ticks.Skip(ticks.Length / 5).Order().ElementAt((ticks.Length - ticks.Length / 5) / 2) * 1e6 / Stopwatch.Frequency;

    private static string Describe(long[] ticks)
    {
        var sorted = ticks.Skip(ticks.Length / 5).Order().ToArray();
        double Us(double q) => sorted[(int)(q * (sorted.Length - 1))] * 1e6 / Stopwatch.Frequency;
        var over = sorted.Count(t => t * 1000.0 / Stopwatch.Frequency > 5);
        return $"p10 {Us(0.1):F0} µs  median {Us(0.5):F0} µs  p90 {Us(0.9):F0} µs  p99 {Us(0.99):F0} µs  max {Us(1):F0} µs  mean {sorted.Average() * 1e6 / Stopwatch.Frequency:F0} µs  over 5 ms: {over}";
    }
}
