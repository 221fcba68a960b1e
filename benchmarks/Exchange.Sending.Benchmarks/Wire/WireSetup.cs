namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>Starts the out-of-process stand-in, our sender and the raw floor for one parameter set.</summary>
internal sealed class WireSetup : IAsyncDisposable
{
    private WireSetup(LoopbackServer server, ExchangeMailSender sender, RawPoster raw, CapturedRequest captured)
    {
        Server = server;
        Sender = sender;
        Raw = raw;
        Captured = captured;
    }

    public LoopbackServer Server { get; }

    public ExchangeMailSender Sender { get; }

    public RawPoster Raw { get; }

    public CapturedRequest Captured { get; }

    public static ExchangeConnectionOptions Options(string serverUrl, ExchangeMessageFormat format, bool basic, int maxConcurrentRequests) => new()
    {
        SystemName = "bench",
        ServerUrl = serverUrl,
        AllowInsecureHttp = true,
        SenderAddress = LoopbackServer.SenderAddress,
        SenderName = "Benchmark",
        AuthenticationType = basic ? ExchangeAuthenticationType.Basic : ExchangeAuthenticationType.None,
        UserName = basic ? LoopbackServer.SenderAddress : null,
        Password = basic ? LoopbackServer.Password : null,
        LogMode = ExchangeLogMode.Off,
        MaxRetryAttempts = 0,
        MessageFormat = format,
        MaxConcurrentRequests = maxConcurrentRequests,
    };

    /// <summary>Starts the stand-in, captures the request our sender makes for <paramref name="message"/> (its second send,
    /// once the server is known), and warms both clients up with one send each.</summary>
    public static async Task<WireSetup> StartAsync(ExchangeMailMessage message, ExchangeMessageFormat format, bool basic, int maxConcurrentRequests = ExchangeConnectionOptions.DefaultMaxConcurrentRequests)
    {
        var server = await LoopbackServer.StartAsync(ServerMode.OutOfProcess, basic);
        var options = Options(server.ServerUrl, format, basic, maxConcurrentRequests);
        var capture = new RequestCapture();
        CapturedRequest captured;
        using (var capturing = new ExchangeMailSender(options, null, capture))
        {
            await capturing.SendAsync(message);
            var result = await capturing.SendAsync(message);
            if (result.MessageFormat != format || result.RequestCount != 1)
            {
                throw new InvalidOperationException($"Expected one {format} request, got {result.RequestCount} as {result.MessageFormat}.");
            }

            captured = capture.Last ?? throw new InvalidOperationException("Nothing was captured.");
        }

        var sender = new ExchangeMailSender(Options(server.ServerUrl, format, basic, maxConcurrentRequests));
        await sender.SendAsync(message);
        await sender.SendAsync(message);
        var raw = new RawPoster(captured, maxConcurrentRequests);
        await raw.PostAsync();
        Console.WriteLine($"// captured request: {captured.Body.Length:N0} bytes, headers: {string.Join(", ", captured.Headers.Select(h => h.Name))}");
        var (rounds, elapsed) = await WarmUpAsync(raw, sender, message);
        Console.WriteLine($"// warm-up: {rounds:N0} rounds of both clients in {elapsed.TotalSeconds:F1} s");
        return new WireSetup(server, sender, raw, captured);
    }

    /// <summary>
    /// Both clients, and the stand-in, to steady state before anything is measured: on these two cores tiered compilation
    /// finishes late (its thread competes with the spinning thread pools of both processes), and a plain send took 6,000 to
    /// 10,000 rounds to settle (288 → 97 µs for the floor, 376 → 117 µs for ours: <c>--probe … --warmup 0 --curve</c>).
    /// Interleaved rounds until <see cref="WarmUpRounds"/> or <see cref="WarmUpTime"/>, whichever comes first; the variable
    /// <c>EXCHANGE_SENDING_BENCH_WARMUP_SECONDS</c> changes the time (0: none).
    /// </summary>
    private static async Task<(int Rounds, TimeSpan Elapsed)> WarmUpAsync(RawPoster raw, ExchangeMailSender sender, ExchangeMailMessage message)
    {
        var seconds = Environment.GetEnvironmentVariable("EXCHANGE_SENDING_BENCH_WARMUP_SECONDS") is { } text
            ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : WarmUpTime.TotalSeconds;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var rounds = 0;
        while (rounds < WarmUpRounds && started.Elapsed.TotalSeconds < seconds)
        {
            await raw.PostAsync();
            await sender.SendAsync(message);
            rounds++;
        }

        return (rounds, started.Elapsed);
    }

    private const int WarmUpRounds = 20_000;

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(8);

    public async ValueTask DisposeAsync()
    {
        Sender.Dispose();
        Raw.Dispose();
        await Server.DisposeAsync();
    }
}
