namespace Exchange.Sending.Benchmarks;

/// <summary>The sender the request-bytes report uses (one connection to the bundled server, retries off).</summary>
internal static class SendSetup
{
    public static ExchangeMailSender CreateSender(string serverUrl, ExchangeMessageFormat format) => new(new ExchangeConnectionOptions
    {
        SystemName = "bench",
        ServerUrl = serverUrl,
        AllowInsecureHttp = true,
        SenderAddress = LoopbackServer.SenderAddress,
        SenderName = "Benchmark",
        LogMode = ExchangeLogMode.Off,
        MaxRetryAttempts = 0,
        MessageFormat = format,
    });

    public static async Task<(LoopbackServer, ExchangeMailSender)> StartAsync(ServerMode mode, ExchangeMessageFormat format)
    {
        var server = await LoopbackServer.StartAsync(mode);
        return (server, CreateSender(server.ServerUrl, format));
    }

    /// <summary>Opens the pooled connection, checks the format took effect, prints the request size (BenchmarkDotNet's log keeps it).</summary>
    public static async Task WarmUpAsync(ExchangeMailSender sender, ExchangeMailMessage message, ExchangeMessageFormat format, Scenario scenario)
    {
        var result = await sender.SendAsync(message);
        if (result.MessageFormat != format || result.RequestCount != 1)
        {
            throw new InvalidOperationException($"Expected one {format} request, got {result.RequestCount} as {result.MessageFormat}.");
        }

        Console.WriteLine($"// RequestBytes {format} {scenario}: {result.RequestBytes:N0}");
    }
}
