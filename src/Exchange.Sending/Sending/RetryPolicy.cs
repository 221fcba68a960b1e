using Exchange.Sending.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Exchange.Sending.Sending;

/// <summary>
/// The retry pipeline of a connection (Polly): exponential back-off with jitter, the server's <c>BackOffMilliseconds</c>
/// honoured up to <see cref="ExchangeConnectionOptions.MaxRetryDelay"/>, and only failures that prove the server did not
/// take the request are retried, so no message is sent twice.
/// </summary>
internal static class RetryPolicy
{
    public static ResiliencePipeline Build(ExchangeConnectionOptions options, ILogger logger)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ExchangeException ex && IsSafeToResend(ex, options.MaxRetryDelay)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ExchangeServiceException { BackOff: { } backOff } ? backOff : (TimeSpan?)null),
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception switch
                {
                    ExchangeServiceException s => s.ResponseCode.ToString(),
                    ExchangeTransportException t => t.Failure + (t.HttpStatus is { } status ? " " + status : ""),
                    var other => other?.GetType().Name ?? "unknown",
                };
                Log.RetryScheduled(logger, options.SystemName, "request", args.AttemptNumber + 1, reason, (long)args.RetryDelay.TotalMilliseconds);
                ExchangeTelemetry.RetryScheduled(options.SystemName, args.Outcome.Exception, args.RetryDelay);
                return default;
            },
        }).Build();
    }

    /// <summary>Only failures that prove the server did not take the request: throttling (ErrorServerBusy and friends,
    /// with a back-off we are willing to wait), HTTP 503, and a connection that was refused.</summary>
    public static bool IsSafeToResend(ExchangeException ex, TimeSpan maxDelay) => ex switch
    {
        { OutcomeUnknown: true } => false,
        ExchangeServiceException service => ExchangeResponseCodes.IsSafeToResend(service.ResponseCode.ToString()) && (service.BackOff ?? TimeSpan.Zero) <= maxDelay,
        ExchangeAuthenticationException => false,
        ExchangeTransportException transport => transport.Failure == ExchangeTransportFailure.ConnectionRefused || transport.HttpStatus == 503,
        _ => false,
    };
}
