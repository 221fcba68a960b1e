using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Exchange.Sending.Diagnostics;

/// <summary>
/// The library's <see cref="ActivitySource"/> and <see cref="Meter"/> (names in <see cref="ExchangeSendingDiagnostics"/>,
/// described in docs/telemetry.md) and the few places that record into them. Every entry point first asks whether anyone
/// listens (<see cref="ActivitySource.HasListeners"/>, <see cref="Instrument.Enabled"/>) and returns before building a tag
/// when nobody does, so an unobserved send allocates nothing more. Tags hold the connection's name, the server's address,
/// operation names, codes and counts: never a recipient, a subject, a body, a header value or a credential; an error's
/// message text (which may name a mailbox) is never recorded either, only its type.
/// </summary>
internal static class ExchangeTelemetry
{
    // OpenTelemetry semantic conventions (https://opentelemetry.io/docs/specs/semconv/).
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UrlFull = "url.full";
    public const string HttpRequestMethod = "http.request.method";
    public const string HttpResponseStatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";

    // Ours.
    public const string Connection = "exchange.connection";
    public const string Operation = "ews.operation";
    public const string ResponseCode = "ews.response_code";
    public const string MessageFormat = "exchange.message.format";
    public const string MessageId = "exchange.message.id";
    public const string RetryCount = "exchange.retry.count";
    public const string OutcomeUnknown = "exchange.outcome_unknown";

    /// <summary>What <c>error.type</c> and <c>ews.response_code</c> read for a code outside Microsoft's schema (a hostile
    /// or broken server could otherwise put any text, or an unbounded number of values, there).</summary>
    public const string Other = "_OTHER";

    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    public static readonly ActivitySource Source = new(ExchangeSendingDiagnostics.ActivitySourceName, Version);

    public static readonly Meter Meter = new(ExchangeSendingDiagnostics.MeterName, Version);

    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>(ExchangeSendingDiagnostics.MessagesSentMetric, "{message}",
        "Messages the server accepted.");

    public static readonly Counter<long> MessagesFailed = Meter.CreateCounter<long>(ExchangeSendingDiagnostics.MessagesFailedMetric, "{message}",
        "Sends that failed, by error type; exchange.outcome_unknown=true when the message may have been sent.");

    public static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(ExchangeSendingDiagnostics.RequestDurationMetric, "s",
        "Duration of EWS requests, from building the request to reading its response.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly UpDownCounter<long> ActiveRequests = Meter.CreateUpDownCounter<long>(ExchangeSendingDiagnostics.ActiveRequestsMetric, "{request}",
        "EWS requests in flight.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(ExchangeSendingDiagnostics.RetriesMetric, "{retry}",
        "Retries scheduled after a failure that proves the server did not take the request.");

    public static readonly Histogram<double> ThrottlingBackOff = Meter.CreateHistogram(ExchangeSendingDiagnostics.ThrottlingBackOffMetric, "s",
        "Delays waited before retrying a request the server throttled.", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    private static string Version => typeof(ExchangeTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Whether a send has anyone to tell: a listener of the source, or of a message counter.</summary>
    public static bool SendsObserved => Source.HasListeners() || MessagesSent.Enabled || MessagesFailed.Enabled;

    /// <summary>Whether an EWS request has anyone to tell.</summary>
    public static bool RequestsObserved => Source.HasListeners() || RequestDuration.Enabled || ActiveRequests.Enabled;

    // ---- sends ----

    /// <summary>Starts a send's span; <paramref name="format"/> when the overload fixes it (a MimeKit message travels as MIME).</summary>
    public static Activity? StartSend(string connection, Uri? endpoint, ExchangeMessageFormat? format = null)
    {
        var activity = Source.StartActivity(ExchangeSendingDiagnostics.SendActivityName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Connection, connection);
            if (format is { } known)
            {
                activity.SetTag(MessageFormat, FormatName(known));
            }

            if (endpoint is not null)
            {
                activity.SetTag(ServerAddress, endpoint.Host);
                activity.SetTag(ServerPort, endpoint.Port);
            }
        }

        return activity;
    }

    /// <summary>Notes the chosen format on the send's span (when the send is traced).</summary>
    public static void FormatChosen(ExchangeMessageFormat format)
    {
        if (Source.HasListeners() && CurrentSend() is { } activity)
        {
            activity.SetTag(MessageFormat, FormatName(format));
        }
    }

    public static void SendSucceeded(Activity? activity, string connection, ExchangeSendResult result)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessageFormat, FormatName(result.MessageFormat));
            activity.SetTag(MessageId, result.InternetMessageId);
        }

        if (MessagesSent.Enabled)
        {
            MessagesSent.Add(1, new TagList { { Connection, connection }, { MessageFormat, FormatName(result.MessageFormat) } });
        }
    }

    public static void SendFailed(Activity? activity, string connection, Exception error)
    {
        var type = ErrorTypeOf(error);
        var code = ResponseCodeOf(error);
        var unknown = error switch
        {
            ExchangeException e => e.OutcomeUnknown,
            ExchangeSendCanceledException c => c.OutcomeUnknown,
            _ => false,
        };
        if (activity is not null)
        {
            // The type only: an error's message may name a mailbox (ErrorSendAsDenied, a rejected recipient).
            activity.SetStatus(ActivityStatusCode.Error, type);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(ErrorType, type);
                activity.SetTag(OutcomeUnknown, unknown);
                if (code is not null)
                {
                    activity.SetTag(ResponseCode, code);
                }

                if (error switch { ExchangeException e => e.InternetMessageId, ExchangeSendCanceledException c => c.InternetMessageId, _ => null } is { } id)
                {
                    activity.SetTag(MessageId, id);
                }
            }
        }

        if (MessagesFailed.Enabled)
        {
            var tags = new TagList { { Connection, connection }, { ErrorType, type }, { OutcomeUnknown, unknown } };
            if (code is not null)
            {
                tags.Add(ResponseCode, code);
            }

            MessagesFailed.Add(1, tags);
        }
    }

    // ---- EWS requests ----

    /// <summary>Counts a request in flight; <see langword="true"/> when it was counted (so <see cref="RequestEnded"/> must follow).</summary>
    public static bool RequestStarting(string connection, string operation)
    {
        if (!ActiveRequests.Enabled)
        {
            return false;
        }

        ActiveRequests.Add(1, new TagList { { Connection, connection }, { Operation, operation } });
        return true;
    }

    public static void RequestEnded(string connection, string operation) =>
        ActiveRequests.Add(-1, new TagList { { Connection, connection }, { Operation, operation } });

    public static Activity? StartRequest(string connection, Uri endpoint, string operation)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(RequestSpanName(operation), ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Connection, connection);
            activity.SetTag(Operation, operation);
            activity.SetTag(ServerAddress, endpoint.Host);
            activity.SetTag(ServerPort, endpoint.Port);
            // Scheme, host, port and path: no user info, query or fragment.
            activity.SetTag(UrlFull, endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped));
            activity.SetTag(HttpRequestMethod, "POST");
        }

        return activity;
    }

    /// <summary>An answered request: its first response message's code decides the span's status.</summary>
    public static void RequestAnswered(Activity? activity, string connection, string operation, int httpStatus, string? responseCode, bool success, long started)
    {
        var code = responseCode is { Length: > 0 } ? KnownCode(responseCode) : null;
        if (activity is not null)
        {
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(HttpResponseStatusCode, httpStatus);
                if (code is not null)
                {
                    activity.SetTag(ResponseCode, code);
                }
            }

            if (!success)
            {
                activity.SetStatus(ActivityStatusCode.Error, code ?? Other);
                activity.SetTag(ErrorType, code ?? Other);
            }
        }

        if (RequestDuration.Enabled)
        {
            var tags = new TagList { { Connection, connection }, { Operation, operation }, { HttpResponseStatusCode, httpStatus } };
            if (code is not null)
            {
                tags.Add(ResponseCode, code);
            }

            if (!success)
            {
                tags.Add(ErrorType, code ?? Other);
            }

            RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    public static void RequestFailed(Activity? activity, string connection, string operation, Exception error, long started)
    {
        var type = ErrorTypeOf(error);
        var code = ResponseCodeOf(error);
        var status = (error as ExchangeException)?.HttpStatus;
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, type);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(ErrorType, type);
                if (status is { } s)
                {
                    activity.SetTag(HttpResponseStatusCode, s);
                }

                if (code is not null)
                {
                    activity.SetTag(ResponseCode, code);
                }
            }
        }

        if (RequestDuration.Enabled)
        {
            var tags = new TagList { { Connection, connection }, { Operation, operation }, { ErrorType, type } };
            if (status is { } s)
            {
                tags.Add(HttpResponseStatusCode, s);
            }

            if (code is not null)
            {
                tags.Add(ResponseCode, code);
            }

            RequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    // ---- retries ----

    /// <summary>A retry was scheduled after <paramref name="error"/>, in <paramref name="delay"/>.</summary>
    public static void RetryScheduled(string connection, Exception? error, TimeSpan delay)
    {
        if (Source.HasListeners() && CurrentSend() is { } activity)
        {
            activity.SetTag(RetryCount, (activity.GetTagItem(RetryCount) as int? ?? 0) + 1);
        }

        if (!Retries.Enabled && !ThrottlingBackOff.Enabled)
        {
            return;
        }

        var type = error is null ? Other : ErrorTypeOf(error);
        if (Retries.Enabled)
        {
            Retries.Add(1, new TagList { { Connection, connection }, { ErrorType, type } });
        }

        if (ThrottlingBackOff.Enabled && error is ExchangeServiceException { BackOff: not null } throttled)
        {
            ThrottlingBackOff.Record(delay.TotalSeconds, new TagList { { Connection, connection }, { ResponseCode, KnownCode(throttled.ResponseCode.ToString()) } });
        }
    }

    // ---- tags ----

    /// <summary>A low-cardinality name for an error: the EWS response code of a service error, the failure of a transport
    /// error, else a fixed word or the exception's type.</summary>
    public static string ErrorTypeOf(Exception error) => error switch
    {
        ExchangeServiceException service => KnownCode(service.ResponseCode.ToString()),
        ExchangeAuthenticationException => "Authentication",
        ExchangeTransportException transport => transport.Failure.ToString(),
        ExchangeMessageValidationException => "InvalidMessage",
        ExchangeConnectionDisabledException => "ConnectionDisabled",
        ExchangeSendCanceledException or OperationCanceledException => "Canceled",
        _ => error.GetType().FullName ?? Other,
    };

    private static string? ResponseCodeOf(Exception error) =>
        error is ExchangeServiceException service ? KnownCode(service.ResponseCode.ToString()) : null;

    private static string KnownCode(string code) => code.Length > 0 && new ExchangeResponseCode(code).IsKnown ? code : Other;

    /// <summary>"EWS {operation}": constant strings for the operations the library sends.</summary>
    private static string RequestSpanName(string operation) => operation switch
    {
        "CreateItem" => "EWS CreateItem",
        "CreateAttachment" => "EWS CreateAttachment",
        "SendItem" => "EWS SendItem",
        "DeleteItem" => "EWS DeleteItem",
        "FindItem" => "EWS FindItem",
        "GetFolder" => "EWS GetFolder",
        _ => "EWS " + operation,
    };

    private static string FormatName(ExchangeMessageFormat format) => format switch
    {
        ExchangeMessageFormat.Items => "Items",
        ExchangeMessageFormat.Mime => "Mime",
        _ => format.ToString(),
    };

    /// <summary>The send span the current code runs in, if any (a request span has ended by the time a retry is scheduled).</summary>
    private static Activity? CurrentSend()
    {
        for (var activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (ReferenceEquals(activity.Source, Source) && activity.OperationName == ExchangeSendingDiagnostics.SendActivityName)
            {
                return activity.IsAllDataRequested ? activity : null;
            }
        }

        return null;
    }
}
