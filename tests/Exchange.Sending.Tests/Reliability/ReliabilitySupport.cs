using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Exchange.Sending.Tests.Reliability;

/// <summary>The three ways a message leaves: one CreateItem with typed items, CreateItem (SaveOnly) + CreateAttachment +
/// SendItem below Exchange2010_SP2, and one CreateItem with MIME.</summary>
public enum SendPath
{
    /// <summary>One CreateItem (SendAndSaveCopy) with typed properties and the attachment inside.</summary>
    Items,

    /// <summary>Server and client at Exchange2010_SP1 with an attachment: CreateItem SaveOnly, CreateAttachment, SendItem.</summary>
    ThreeCall,

    /// <summary>One CreateItem (SendAndSaveCopy) with <c>t:MimeContent</c>, after the one-time GetFolder probe.</summary>
    Mime,
}

/// <summary>How a send ended, in the terms the fault matrix compares: the exception type (or "Sent"), its
/// classification, how many requests the server saw for the faulted operation and how many messages it kept.</summary>
internal sealed record SendOutcome(
    string Result,
    ExchangeTransportFailure? Failure,
    string? ResponseCode,
    bool IsTransient,
    bool OutcomeUnknown,
    int? HttpStatus,
    int Attempts,
    int Kept)
{
    public const string Sent = "Sent";

    public static SendOutcome Of(Exception? error, int attempts, int kept) => error switch
    {
        null => new(Sent, null, null, false, false, null, attempts, kept),
        ExchangeServiceException s => new(s.GetType().Name, null, s.ResponseCode.ToString(), s.IsTransient, s.OutcomeUnknown, s.HttpStatus, attempts, kept),
        ExchangeTransportException t => new(t.GetType().Name, t.Failure, null, t.IsTransient, t.OutcomeUnknown, t.HttpStatus, attempts, kept),
        ExchangeException e => new(e.GetType().Name, null, null, e.IsTransient, e.OutcomeUnknown, e.HttpStatus, attempts, kept),
        ExchangeSendCanceledException c => new(c.GetType().Name, null, null, false, c.OutcomeUnknown, null, attempts, kept),
        _ => new("unexpected " + error.GetType().FullName + ": " + error.Message, null, null, false, false, null, attempts, kept),
    };
}

/// <summary>Servers, senders and canned answers shared by the fault matrix and the load run.</summary>
internal static class ReliabilitySupport
{
    /// <summary>Short enough for the matrix, long enough that a server which processed a request has filed its copy.</summary>
    public static readonly ExchangeMessageLookupOptions QuickLookup = new()
    {
        FilingTime = TimeSpan.FromMilliseconds(300),
        PollInterval = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Runs the scenarios that fail against the library as it is (suspected bugs, left out of normal runs):
    /// EXCHANGE_SENDING_RUN_SUSPECTED_BUGS=1.</summary>
    public static bool RunSuspectedBugs => Environment.GetEnvironmentVariable("EXCHANGE_SENDING_RUN_SUSPECTED_BUGS") != "0";

    /// <summary>Retry delays are capped this low so that retried rows cost milliseconds, and a back-off above it is refused.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMilliseconds(200);

    public static Task<FakeEwsServer> StartAsync(SendPath path) => ServerFixture.StartAsync(o =>
    {
        if (path == SendPath.ThreeCall)
        {
            o.EmulatedVersion = "Exchange2010_SP1";
        }
    });

    public static ExchangeMailSender Sender(FakeEwsServer server, SendPath path, TimeSpan requestTimeout, Action<ExchangeConnectionOptions>? change = null,
        ILoggerFactory? loggerFactory = null) =>
        ServerFixture.Sender(server, o =>
        {
            o.RequestTimeout = requestTimeout;
            o.MaxRetryDelay = MaxRetryDelay;
            o.MessageFormat = path == SendPath.Mime ? ExchangeMessageFormat.Mime : ExchangeMessageFormat.Items;
            if (path == SendPath.ThreeCall)
            {
                o.Version = ExchangeVersion.Exchange2010_SP1;
            }

            change?.Invoke(o);
        }, loggerFactory);

    /// <summary>A message with one attachment (the three-call path needs one; the others carry it inside CreateItem).</summary>
    /// <summary>A connection to a <see cref="HostileRawServer"/>: items format, no retries, a 10 s timeout.</summary>
    public static ExchangeConnectionOptions RawOptions(HostileRawServer server, Action<ExchangeConnectionOptions>? change = null)
    {
        var options = new ExchangeConnectionOptions
        {
            SystemName = "raw",
            ServerUrl = server.ServerUrl,
            AllowInsecureHttp = true,
            SenderAddress = "sender@example.com",
            RequestTimeout = TimeSpan.FromSeconds(10),
            MessageFormat = ExchangeMessageFormat.Items,
            MaxRetryAttempts = 0,
        };
        change?.Invoke(options);
        return options;
    }

    public static ExchangeMailMessage Message(string subject, string internetMessageId) => TestOptions.Message(m =>
    {
        m.Subject = subject;
        m.InternetMessageId = internetMessageId;
        m.Attachments.Add(ExchangeAttachment.FromBytes("note.txt", "reliability"u8.ToArray(), "text/plain"));
    });

    /// <summary>The request of a path that sends the message.</summary>
    public static string SendingOperation(SendPath path) => path == SendPath.ThreeCall ? "SendItem" : "CreateItem";

    /// <summary>The operation of a logged request: the SOAP body's root, or the SOAPAction's when a fault acted before the body was read.</summary>
    public static string? OperationOf(FakeEwsRequest request)
    {
        if (request.Operation is { } operation)
        {
            return operation;
        }

        var action = request.SoapAction?.Trim().Trim('"');
        if (string.IsNullOrEmpty(action))
        {
            return null;
        }

        var slash = action.LastIndexOf('/');
        return slash >= 0 ? action[(slash + 1)..] : action;
    }

    /// <summary>OutcomeUnknown of either kind of failure a send raises.</summary>
    public static bool IsUnknown(Exception error) => error switch
    {
        ExchangeException e => e.OutcomeUnknown,
        ExchangeSendCanceledException c => c.OutcomeUnknown,
        _ => false,
    };

    /// <summary>The Message-ID either kind of failure names.</summary>
    public static string? IdOf(Exception error) => error switch
    {
        ExchangeException e => e.InternetMessageId,
        ExchangeSendCanceledException c => c.InternetMessageId,
        _ => null,
    };

    /// <summary>The draft either kind of failure says it left behind.</summary>
    public static string? LeftoverDraftOf(Exception error) => error switch
    {
        ExchangeException e => e.LeftoverDraftItemId,
        ExchangeSendCanceledException c => c.LeftoverDraftItemId,
        _ => null,
    };

    public static int Attempts(FakeEwsServer server, string operation) => server.Requests.Count(r => OperationOf(r) == operation);

    /// <summary>Waits until every request the server counted has finished and been logged (a delayed or aborted request is
    /// logged when its handler ends, which can be after the client gave up).</summary>
    public static async Task WaitUntilQuietAsync(FakeEwsServer server, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (server.Counters.Requests != server.Requests.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server still had {server.Counters.Requests - server.Requests.Count} request(s) in flight after {timeout.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }

    private const string Envelope = """
        <?xml version="1.0" encoding="utf-8"?>
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>
        <s:Body xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">BODY</s:Body></s:Envelope>
        """;

    private static string ResponseMessage(string operation, string responseClass, string code, string text = "") =>
        $"<m:{operation}ResponseMessage ResponseClass=\"{responseClass}\">"
        + (text.Length > 0 ? $"<m:MessageText>{text}</m:MessageText>" : "")
        + $"<m:ResponseCode>{code}</m:ResponseCode>"
        + (operation == "SendItem" ? "" : "<m:Items/>")
        + $"</m:{operation}ResponseMessage>";

    private static string Response(string operation, params string[] messages) => Envelope.Replace(
        "BODY", $"<m:{operation}Response><m:ResponseMessages>{string.Concat(messages)}</m:ResponseMessages></m:{operation}Response>", StringComparison.Ordinal);

    /// <summary>Two response messages to a request for one item: Success, then Error.</summary>
    public static string SuccessThenError(string operation) =>
        Response(operation, ResponseMessage(operation, "Success", "NoError"), ResponseMessage(operation, "Error", "ErrorServerBusy"));

    /// <summary>A well-formed success of the wrong operation: a SendItemResponse to a CreateItem, a CreateItemResponse to anything else.</summary>
    public static string OtherOperationsSuccess(string operation)
    {
        var other = operation == "CreateItem" ? "SendItem" : "CreateItem";
        return Response(other, ResponseMessage(other, "Success", "NoError"));
    }

    /// <summary>The real answer's shape (Success NoError) with a control character in its MessageText.</summary>
    public static string SuccessWithControlCharacterInText(string operation) =>
        Response(operation, ResponseMessage(operation, "Success", "NoError", "queued\u0001 for delivery"));
}

/// <summary>Counts the library's retries (event 1005, RetryScheduled) without keeping any log record.</summary>
internal sealed class RetryCounter : ILoggerProvider, ILogger
{
    private const int RetryScheduledEventId = 1005;
    private int _retries;

    public int Retries => Volatile.Read(ref _retries);

    public ILogger CreateLogger(string categoryName) => this;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == RetryScheduledEventId)
        {
            Interlocked.Increment(ref _retries);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Dispose()
    {
    }
}
