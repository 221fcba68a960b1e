namespace Exchange.Sending;

/// <summary>
/// The answer of <see cref="IExchangeMailSender.FindSentMessageAsync"/>: whether a message with a Message-ID was sent, found by
/// EWS <c>FindItem</c> in the account's Sent Items restricted to <c>message:InternetMessageId</c>. Build one for your own tests
/// with <see cref="ExchangeModelFactory.MessageLookup"/>.
/// </summary>
public sealed record ExchangeMessageLookup
{
    internal ExchangeMessageLookup(string internetMessageId, ExchangeMessageLookupStatus status, string explanation)
    {
        InternetMessageId = internetMessageId;
        Status = status;
        Explanation = explanation;
    }

    /// <summary>The Message-ID looked for, with its angle brackets (<c>&lt;id@domain&gt;</c>).</summary>
    public string InternetMessageId { get; }

    /// <summary>Sent, NotFound or Undecidable.</summary>
    public ExchangeMessageLookupStatus Status { get; }

    /// <summary>Why the lookup could not decide; <see cref="ExchangeLookupUndecidableReason.None"/> when it did.</summary>
    public ExchangeLookupUndecidableReason UndecidableReason { get; init; }

    /// <summary>What was found and what it means, in a sentence a person can act on.</summary>
    public string Explanation { get; }

    /// <summary>The EWS <c>ItemId</c> of the sent copy in Sent Items, when <see cref="Status"/> is Sent.</summary>
    public string? ItemId { get; init; }

    /// <summary>The sent copy's subject, when Sent.</summary>
    public string? Subject { get; init; }

    /// <summary>When the server says the message was sent (<c>item:DateTimeSent</c>, UTC), when Sent.</summary>
    public DateTimeOffset? DateTimeSent { get; init; }

    /// <summary>How many sent copies carry this Message-ID (more than one: it was sent more than once, or the id was reused).</summary>
    public int SentCopies { get; init; }

    /// <summary>The <c>ItemId</c> of an unsent draft with this Message-ID in Drafts (left by the CreateItem + CreateAttachment +
    /// SendItem path when an answer was lost); <see langword="null"/> when there is none or it was deleted.</summary>
    public string? DraftItemId { get; init; }

    /// <summary><see langword="true"/> when such a draft was found and deleted (<see cref="ExchangeMessageLookupOptions.DeleteLeftoverDraft"/>).</summary>
    public bool DraftDeleted { get; init; }

    /// <summary>How long after the send the last search ran: a NotFound is as good as this is long.</summary>
    public TimeSpan Covered { get; init; }

    /// <summary>How many searches of Sent Items ran.</summary>
    public int Searches { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{InternetMessageId}: {Status}" + (UndecidableReason == ExchangeLookupUndecidableReason.None ? "" : $" ({UndecidableReason})") + $". {Explanation}";
}
