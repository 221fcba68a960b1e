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
        return new WireSetup(server, sender, raw, captured);
    }

    public async ValueTask DisposeAsync()
    {
        Sender.Dispose();
        Raw.Dispose();
        await Server.DisposeAsync();
    }
}
