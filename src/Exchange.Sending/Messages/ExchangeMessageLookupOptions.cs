namespace Exchange.Sending;

/// <summary>How <see cref="IExchangeMailSender.FindSentMessageAsync"/> looks for a Message-ID.</summary>
public sealed class ExchangeMessageLookupOptions
{
    /// <summary>How long after the send a missing copy still counts as "not filed yet": the lookup keeps looking until this
    /// much time has passed since <see cref="SentAt"/>, then answers <see cref="ExchangeMessageLookupStatus.NotFound"/>.
    /// Exchange files the Sent Items copy when transport has taken the message, usually within a second or two; under load
    /// it can take longer. Default 15 seconds; zero looks once; at most one hour.</summary>
    public TimeSpan FilingTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between searches while waiting for the copy to be filed. Default 1 second; 100 milliseconds to 1 minute.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When the send was attempted; <see cref="FilingTime"/> counts from here, and a copy sent more than 5 minutes before
    /// it (clocks differ) is not this send's. <see langword="null"/>: the filing time counts from the start of the lookup (the
    /// right choice when looking up straight after the failure) and copies of any age count. At most 5 minutes ahead of now,
    /// and within the last year.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When set, only a copy with this subject counts (compared exactly, ignoring leading and trailing white space): for a
    /// Message-ID that was reused on purpose for another message. <see langword="null"/>: any subject.</summary>
    public string? Subject { get; set; }

    /// <summary>The folder searched for the sent copy. <see langword="null"/> (default): for a send of this sender whose outcome
    /// was unknown, where that send saved its copy (its own <see cref="ExchangeMailMessage.SaveCopyTo"/> included; the last 4,096
    /// such sends are remembered); otherwise where the connection saves copies
    /// (<see cref="ExchangeConnectionOptions.SaveCopyLocation"/>; for <see cref="ExchangeSavedCopyLocation.SenderSentItems"/>, the
    /// Sent Items of the connection's <see cref="ExchangeConnectionOptions.SenderAddress"/>). Set it when the message chose its own
    /// <see cref="ExchangeMailMessage.SaveCopyTo"/>; <see cref="ExchangeSavedCopyLocation.SenderSentItems"/> here also means the
    /// connection's SenderAddress (give the FolderId of another mailbox's folder instead).</summary>
    public ExchangeSavedCopyFolder? Folder { get; set; }

    /// <summary>The mailbox the search acts as (EWS impersonation), as a message's own
    /// <see cref="ExchangeMailMessage.ImpersonatedUser"/> did; in the form <see cref="ImpersonatedUserIdType"/> names; empty: the
    /// account itself. <see langword="null"/> (default): as the send did when this sender sent it with an unknown outcome, else
    /// as the connection acts.</summary>
    public string? ImpersonatedUser { get; set; }

    /// <summary>How <see cref="ImpersonatedUser"/> is given; default an SMTP address.</summary>
    public ExchangeConnectingIdType ImpersonatedUserIdType { get; set; }

    /// <summary>Delete (hard delete) an unsent draft with this Message-ID that the CreateItem + CreateAttachment + SendItem path
    /// left in Drafts. Default <see langword="false"/>: such a draft is reported in <see cref="ExchangeMessageLookup.DraftItemId"/>.</summary>
    public bool DeleteLeftoverDraft { get; set; }
}
