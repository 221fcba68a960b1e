using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;

namespace Exchange.Sending.Benchmarks.Wire;

/// <summary>
/// What tracing and metrics cost per send: <see cref="ClientWorkBenchmarks"/>'s plain send (in-memory handler, no
/// sockets) with nobody listening, and with an <see cref="ActivityListener"/> recording every span of "Exchange.Sending"
/// and a <see cref="MeterListener"/> taking every measurement of its meter (as an OpenTelemetry SDK would; no exporter).
/// Unobserved, the send must cost what it cost before telemetry existed.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks : IDisposable
{
    private readonly ClientWorkBenchmarks _client = new() { Scenario = WireScenario.PlainText };
    private ActivityListener? _activities;
    private MeterListener? _meters;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await _client.SetupAsync();
        if (!Listening)
        {
            return;
        }

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ExchangeSendingDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ExchangeSendingDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _meters.Start();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        _client.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "Exchange.Sending")]
    public Task<ExchangeSendResult> Send() => _client.Ours();
}
