using Exchange.Sending.Diagnostics;
using Exchange.Sending.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Tests.Diagnostics;

/// <summary>With nobody listening, the instrumentation points allocate nothing: each asks its source or instrument first.
/// (Run alone, after the parallel tests, whose listeners would otherwise be attached to the same static source and meter.)</summary>
[Collection(AllocationSensitive.Name)]
public class TelemetryCostTests
{
    [SkippableFact]
    public void Unobserved_instrumentation_points_allocate_nothing()
    {
        Skip.If(ExchangeTelemetry.Source.HasListeners() || ExchangeTelemetry.MessagesSent.Enabled || ExchangeTelemetry.RequestDuration.Enabled,
            "a listener of Exchange.Sending is attached in this process");
        var busy = new ExchangeServiceException("busy", ExchangeResponseCode.ErrorServerBusy, "conn") { BackOff = TimeSpan.FromSeconds(1) };
        var result = ExchangeModelFactory.SendResult("<id@example.com>");
        var endpoint = new Uri("https://mail.example.com/EWS/Exchange.asmx");

        var allocated = Measure(() =>
        {
            var observed = ExchangeTelemetry.SendsObserved || ExchangeTelemetry.RequestsObserved;
            ExchangeTelemetry.FormatChosen(ExchangeMessageFormat.Items);
            ExchangeTelemetry.RetryScheduled("conn", busy, TimeSpan.FromSeconds(1));
            var counted = ExchangeTelemetry.RequestStarting("conn", "CreateItem");
            var activity = ExchangeTelemetry.StartRequest("conn", endpoint, "CreateItem");
            ExchangeTelemetry.RequestAnswered(activity, "conn", "CreateItem", 200, "NoError", success: true, started: 0);
            ExchangeTelemetry.RequestFailed(activity, "conn", "CreateItem", busy, started: 0);
            var send = ExchangeTelemetry.StartSend("conn", endpoint);
            ExchangeTelemetry.SendSucceeded(send, "conn", result);
            ExchangeTelemetry.SendFailed(send, "conn", busy);
            return observed || counted || activity is not null || send is not null;
        });

        allocated.Should().Be(0);
    }

    private static long Measure(Func<bool> hooks)
    {
        hooks(); // JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        var any = false;
        for (var i = 0; i < 1000; i++)
        {
            any |= hooks();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        any.Should().BeFalse("nothing listens, so nothing is observed");
        return allocated;
    }
}
