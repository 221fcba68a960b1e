namespace Exchange.Sending;

/// <summary>The outcome of a batch (<see cref="IExchangeMailSender.SendAsync(IEnumerable{ExchangeMailMessage}, CancellationToken)"/>):
/// one result per message in input order, and the totals. Build one for your own tests with <see cref="ExchangeModelFactory.BatchSendResult"/>.</summary>
public sealed class ExchangeBatchSendResult
{
    internal ExchangeBatchSendResult(IReadOnlyList<ExchangeBatchItemResult> items, int requestCount, TimeSpan elapsed)
    {
        Items = items;
        RequestCount = requestCount;
        Elapsed = elapsed;
    }

    /// <summary>One per message, <c>Items[i]</c> for the i-th message given.</summary>
    public IReadOnlyList<ExchangeBatchItemResult> Items { get; }

    /// <summary>Messages sent.</summary>
    public int SentCount => Items.Count(i => i.Status == ExchangeBatchItemStatus.Sent);

    /// <summary>Messages proven not sent.</summary>
    public int FailedCount => Items.Count(i => i.Status == ExchangeBatchItemStatus.Failed);

    /// <summary>Messages that may have been sent (look them up before resending).</summary>
    public int OutcomeUnknownCount => Items.Count(i => i.Status == ExchangeBatchItemStatus.OutcomeUnknown);

    /// <summary><see langword="true"/> when every message was sent.</summary>
    public bool AllSent => Items.All(i => i.Status == ExchangeBatchItemStatus.Sent);

    /// <summary>EWS requests that carried messages (retries of a request counted once; the one-time GetFolder that identifies the
    /// server not counted).</summary>
    public int RequestCount { get; }

    /// <summary>Wall time of the whole batch.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The counts; never addresses or content.</summary>
    public override string ToString() =>
        $"ExchangeBatchSendResult {{ Messages = {Items.Count}, Sent = {SentCount}, Failed = {FailedCount}, OutcomeUnknown = {OutcomeUnknownCount}, Requests = {RequestCount} }}";
}
