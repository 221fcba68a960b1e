using Exchange.Sending.Diagnostics;

namespace Exchange.Sending;

/// <summary>The sends' span and counters (docs/telemetry.md). Unobserved, a send is the core's task itself: no wrapper, no
/// state machine, no tag.</summary>
public partial class ExchangeMailSender
{
    /// <inheritdoc />
    public virtual Task<ExchangeSendResult> SendAsync(ExchangeMailMessage message, CancellationToken cancellationToken = default) =>
        ExchangeTelemetry.SendsObserved
            ? ObservedSendAsync(static (sender, message, token) => sender.SendCoreAsync(message, token), message, null, cancellationToken)
            : SendCoreAsync(message, cancellationToken);

    /// <inheritdoc />
    public virtual Task<ExchangeSendResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken = default) =>
        ExchangeTelemetry.SendsObserved
            ? ObservedSendAsync(static (sender, message, token) => sender.SendCoreAsync(message, token), message, ExchangeMessageFormat.Mime, cancellationToken)
            : SendCoreAsync(message, cancellationToken);

    private async Task<ExchangeSendResult> ObservedSendAsync<TMessage>(Func<ExchangeMailSender, TMessage, CancellationToken, Task<ExchangeSendResult>> send,
        TMessage message, ExchangeMessageFormat? format, CancellationToken cancellationToken)
    {
        using var activity = ExchangeTelemetry.StartSend(ConnectionName, Endpoint, format);
        ExchangeSendResult result;
        try
        {
            result = await send(this, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ExchangeTelemetry.SendFailed(activity, ConnectionName, ex);
            throw;
        }

        ExchangeTelemetry.SendSucceeded(activity, ConnectionName, result);
        return result;
    }
}
