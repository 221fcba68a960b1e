namespace Exchange.Sending;

/// <summary>How a send whose outcome was unknown was settled by <see cref="ExchangeConnectionOptions.ResolveUnknownOutcomes"/>.</summary>
public enum ExchangeOutcomeResolution
{
    /// <summary>Nothing to settle: the server answered the send.</summary>
    None,

    /// <summary>The answer was lost, and the sent copy was found in Sent Items: the message was sent once; it was not sent again.</summary>
    FoundInSentItems,

    /// <summary>The answer was lost, no copy appeared within <see cref="ExchangeConnectionOptions.SentItemsFilingTime"/>, so the
    /// message was proven not sent and was sent once more (this result is that second send's).</summary>
    ResentAfterNotFound,
}
