namespace Exchange.Sending.Testing.Internal;

/// <summary>What a message must satisfy to be sent (CreateItem with a sending disposition, SendItem): recipients, none
/// rejected by the test, and Send As rights for a <c>t:From</c> other than the caller.</summary>
internal static class SendRules
{
    /// <summary>Null when the message may be sent, otherwise the error of its response message.</summary>
    public static ResponseOutcome? Check(ServerState state, MessageData message, FakeEwsUser? caller)
    {
        if (!message.HasRecipients)
        {
            return ResponseOutcome.Error("ErrorInvalidRecipients", ResponseTexts.Default("ErrorInvalidRecipients"));
        }

        foreach (var recipient in message.AllRecipients)
        {
            if (state.RejectionFor(recipient.Address) is { } code)
            {
                return ResponseOutcome.Error(code, code == "ErrorInvalidRecipients"
                    ? $"At least one recipient isn't valid: {recipient.Address}."
                    : ResponseTexts.Default(code));
            }
        }

        if (!state.MaySendAs(caller?.Address, message.From?.Address))
        {
            return ResponseOutcome.Error("ErrorSendAsDenied", ResponseTexts.Default("ErrorSendAsDenied"));
        }

        return null;
    }
}
