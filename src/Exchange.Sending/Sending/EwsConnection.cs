using Exchange.Sending.Ews;
using Exchange.Sending.Transport;
using Microsoft.Extensions.Logging;
using Polly;

namespace Exchange.Sending.Sending;

/// <summary>
/// What the send plans and the connection check share for one connection: its settings, transport, logger and retry
/// pipeline, and the one way an operation is executed (through the retries, its first response message returned or its
/// error code thrown).
/// </summary>
internal sealed class EwsConnection(ExchangeConnectionOptions options, EwsTransport transport, ILogger logger)
{
    public ExchangeConnectionOptions Options => options;

    public EwsTransport Transport => transport;

    public ILogger Logger => logger;

    public string Name => options.SystemName;

    public ResiliencePipeline Retry { get; } = RetryPolicy.Build(options, logger);

    /// <summary>How the account is named in messages: never a secret.</summary>
    public string AccountText => string.IsNullOrEmpty(options.UserName)
        ? (options.AuthenticationStrategy is null && options.AuthenticationType == ExchangeAuthenticationType.None ? "the anonymous request" : "the connection's credentials")
        : $"account '{options.UserName}'";

    /// <summary>Sends one operation through the retry pipeline and returns its first response message, or throws for an error code.</summary>
    public Task<EwsResponseMessage> ExecuteAsync(IEwsOperation operation, SendContext context, CancellationToken cancellationToken)
    {
        // Content that can be read only once cannot be sent again, so it is never retried. Without retries (MaxRetryAttempts 0,
        // or such content) the call is made directly: Polly's empty pipeline still cost a closure, its context and two async
        // frames per send (issue 10).
        var pipeline = operation.HasSingleUseContent ? ResiliencePipeline.Empty : Retry;
        return ReferenceEquals(pipeline, ResiliencePipeline.Empty)
            ? CallAsync(operation, context, cancellationToken)
            : pipeline.ExecuteAsync(
                static (state, token) => new ValueTask<EwsResponseMessage>(state.Connection.CallAsync(state.Operation, state.Context, token)),
                (Connection: this, Operation: operation, Context: context), cancellationToken).AsTask();
    }

    private async Task<EwsResponseMessage> CallAsync(IEwsOperation operation, SendContext context, CancellationToken cancellationToken)
    {
        var call = await transport.SendAsync(operation, cancellationToken, internetMessageId: context.InternetMessageId).ConfigureAwait(false);
        context.RequestCount++;
        context.RequestBytes += call.RequestBytes;
        context.ServerVersion = call.Response.ServerVersion ?? context.ServerVersion;
        var first = call.Response.Messages[0];
        return first.IsSuccess ? first : throw ServiceError(first, operation.Name, call.HttpStatus, context);
    }

    public ExchangeServiceException ServiceError(EwsResponseMessage response, string operation, int httpStatus, SendContext? context) =>
        ExchangeErrors.Service(Name, response, operation, httpStatus, AccountText, context?.From.Address, context?.InternetMessageId, transport.Secrets,
            transport.Version, transport.Server.Version, context?.Sender?.Address, context?.CopyFolder);
}
