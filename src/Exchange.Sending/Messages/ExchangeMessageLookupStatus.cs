namespace Exchange.Sending;

/// <summary>What <see cref="IExchangeMailSender.FindSentMessageAsync"/> found out about a Message-ID.</summary>
public enum ExchangeMessageLookupStatus
{
    /// <summary>The lookup cannot tell; <see cref="ExchangeMessageLookup.UndecidableReason"/> says why. The default value, so
    /// that an unset status never reads as an answer.</summary>
    Undecidable = 0,

    /// <summary>A sent copy with this Message-ID is in the account's Sent Items: the message was sent.</summary>
    Sent = 1,

    /// <summary>No sent copy appeared within <see cref="ExchangeMessageLookup.Covered"/> of the send, which was long enough for the
    /// server to file it: the message was not sent (on a connection that keeps copies, with a server that keeps Message-IDs).</summary>
    NotFound = 2,
}

/// <summary>Why a lookup could not decide whether a message was sent.</summary>
public enum ExchangeLookupUndecidableReason
{
    /// <summary>The lookup decided (<see cref="ExchangeMessageLookupStatus.Sent"/> or <see cref="ExchangeMessageLookupStatus.NotFound"/>).</summary>
    None,

    /// <summary>The connection sends <c>SendOnly</c> (<see cref="ExchangeConnectionOptions.SaveCopyToSentItems"/> is
    /// <see langword="false"/>): no copy is kept, so not finding one proves nothing. (A copy that is found, kept by an earlier
    /// send with copies, still answers <see cref="ExchangeMessageLookupStatus.Sent"/>.)</summary>
    SendOnly,

    /// <summary>The account may not search the folder (<c>ErrorAccessDenied</c>, <c>ErrorFolderNotFound</c>,
    /// <c>ErrorNonExistentMailbox</c>…); <see cref="ExchangeMessageLookup.Explanation"/> quotes the server.</summary>
    AccessDenied,

    /// <summary>The server does not keep the Message-ID of what this connection sends: gromox drops it from typed items
    /// (<see cref="ExchangeMessageFormat.Items"/>); send as <see cref="ExchangeMessageFormat.Mime"/> (the default,
    /// <see cref="ExchangeMessageFormat.Automatic"/>, does so on gromox) to make sends findable.</summary>
    MessageIdNotKept,

    /// <summary>The server's answer to the search could not be used (it ignored the restriction, or answered wrongly).</summary>
    SearchNotSupported,
}
