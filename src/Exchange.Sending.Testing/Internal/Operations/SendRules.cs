namespace Exchange.Sending.Testing.Internal;

/// <summary>What a message must satisfy to be sent (CreateItem with a sending disposition, SendItem): recipients, none
/// rejected by the test, and Send As (or Send on Behalf) rights for a <c>t:From</c> other than the caller, Send As for a
/// <c>t:Sender</c> other than the caller.</summary>
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

        // A Sender other than the caller is someone it must be allowed to send as (Exchange stamps the submitting user).
        if (message.Sender is { } sender && !state.MaySendAs(caller?.Address, sender.Address))
        {
            return ResponseOutcome.Error("ErrorSendAsDenied",
                $"The user account which was used to submit this request does not have the right to send mail as the Sender '{sender.Address}'.");
        }

        if (!state.MaySendAs(caller?.Address, message.From?.Address))
        {
            if (!state.MaySendOnBehalf(caller?.Address, message.From?.Address))
            {
                return ResponseOutcome.Error("ErrorSendAsDenied", ResponseTexts.Default("ErrorSendAsDenied"));
            }

            // Send on Behalf without Send As: as Exchange does, the message goes out "from From, sent by the caller".
            message.Sender ??= new FakeEwsMailbox(caller!.DisplayName, caller.Address);
        }

        return null;
    }
}
