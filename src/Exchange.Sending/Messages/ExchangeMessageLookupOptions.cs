namespace Exchange.Sending;

/// <summary>How <see cref="IExchangeMailSender.FindSentMessageAsync"/> looks for a Message-ID.</summary>
public sealed class ExchangeMessageLookupOptions
{
    /// <summary>How long after the send a missing copy still counts as "not filed yet": the lookup keeps looking until this
    /// much time has passed since <see cref="SentAt"/>, then answers <see cref="ExchangeMessageLookupStatus.NotFound"/>.
    /// Exchange files the Sent Items copy when transport has taken the message, usually within a second or two; under load
    /// it can take longer. Default 15 seconds; zero looks once.</summary>
    public TimeSpan FilingTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between searches while waiting for the copy to be filed. Default 1 second; at least 100 milliseconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When the send was attempted; <see cref="FilingTime"/> counts from here. <see langword="null"/>: from the start of
    /// the lookup (the right choice when looking up straight after the failure).</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Delete (hard delete) an unsent draft with this Message-ID that the CreateItem + CreateAttachment + SendItem path
    /// left in Drafts. Default <see langword="false"/>: such a draft is reported in <see cref="ExchangeMessageLookup.DraftItemId"/>.</summary>
    public bool DeleteLeftoverDraft { get; set; }
}
