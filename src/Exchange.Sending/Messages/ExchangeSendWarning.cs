namespace Exchange.Sending;

/// <summary>
/// Something the library noticed before sending that does not stop the send but is likely not what was meant: an inline
/// attachment the HTML body never references, a subject Exchange will cut, Basic authentication over <c>http://</c>.
/// Listed in <see cref="ExchangeSendResult.Warnings"/> (for a message) or <see cref="ExchangeConnectionCheck.Warnings"/>
/// (for the connection's settings), and logged at Warning level.
/// </summary>
/// <param name="Code">A stable identifier to branch on or count, one of the constants of this type
/// (<see cref="UnreferencedInlineAttachment"/>, …). The <paramref name="Message"/> may be reworded; the code is not.</param>
/// <param name="Field">The field concerned, as validation errors name it, e.g. <c>Attachments[1]</c> or <c>Subject</c>.</param>
/// <param name="Message">What was found and what to change, in a sentence or two.</param>
public sealed record ExchangeSendWarning(string Code, string Field, string Message)
{
    /// <summary>An inline attachment (<see cref="ExchangeAttachment.IsInline"/>, with a Content-ID) that no <c>cid:</c>
    /// reference of an HTML body points to, or that goes with a body that is not HTML. Mail clients do not show it in the
    /// body; many hide it altogether.</summary>
    public const string UnreferencedInlineAttachment = nameof(UnreferencedInlineAttachment);

    /// <summary>A subject longer than the 255 characters Exchange keeps: the server accepts it and cuts the rest.</summary>
    public const string LongSubject = nameof(LongSubject);

    /// <summary>The connection authenticates with Basic over <c>http://</c> (<see cref="ExchangeConnectionOptions.AllowInsecureHttp"/>),
    /// so the password travels in clear text.</summary>
    public const string BasicAuthenticationOverHttp = nameof(BasicAuthenticationOverHttp);

    /// <summary>The connection check found the configured <c>Version</c> newer than the best value for the server's
    /// <c>ServerVersionInfo</c>: the server may refuse it (<c>ErrorInvalidServerVersion</c>). The message names the value to set.</summary>
    public const string VersionNewerThanServer = nameof(VersionNewerThanServer);

    /// <summary>The configured <c>Version</c> is older than <c>Exchange2010_SP2</c> while the server supports it: a message with
    /// attachments then takes three calls (CreateItem + CreateAttachment + SendItem) instead of one. The message names the value to set.</summary>
    public const string VersionWithoutAttachmentsInCreateItem = nameof(VersionWithoutAttachmentsInCreateItem);

    /// <summary>The server refused the configured <c>Version</c> and <c>AllowVersionFallback</c> stepped the connection down once;
    /// the message names the value it now sends, which is the value to set.</summary>
    public const string VersionSteppedDown = nameof(VersionSteppedDown);

    /// <summary><c>SenderAddress</c> is not the account's own mailbox (or the check could not resolve it), and the check did not
    /// prove that the account may send as it (Send As or Send on Behalf); run the check with
    /// <c>ExchangeConnectionCheckOptions.SendTestMessage</c> (<c>exchange-send check --send-test</c>) to prove it.</summary>
    public const string SendAsNotProven = nameof(SendAsNotProven);
    /// <summary>A setting the chosen authentication does not use is set: <see cref="ExchangeConnectionOptions.UserName"/> or
    /// <see cref="ExchangeConnectionOptions.Password"/> with <see cref="ExchangeAuthenticationType.Bearer"/>, or an
    /// <see cref="ExchangeConnectionOptions.AccessTokenProvider"/> without it.</summary>
    public const string CredentialsIgnored = nameof(CredentialsIgnored);

    /// <summary>The code, field and message.</summary>
    public override string ToString() => $"{Code} ({Field}): {Message}";
}
