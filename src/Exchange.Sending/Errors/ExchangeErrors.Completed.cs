namespace Exchange.Sending;

/// <summary>Completed copies: an error raised where its send was not known (a probe shared by several sends) or before the
/// plan knew more (a draft that could not be deleted) is thrown as a new exception of the same type that carries it all,
/// instead of being changed after it was thrown.</summary>
internal static partial class ExchangeErrors
{
    /// <param name="ex">The error as raised.</param>
    /// <param name="internetMessageId">The send's Message-ID, when the error did not know it.</param>
    /// <param name="leftoverDraftItemId">A draft the plan could not delete.</param>
    /// <param name="addendum">A sentence the plan adds (what a failed step means for the message).</param>
    /// <param name="outcomeUnknown">A correction by a plan that knows more: a lost answer to a step that does not send is not an unknown outcome.</param>
    /// <param name="lookup">The lookup ResolveUnknownOutcomes ran for it.</param>
    public static ExchangeException Completed(ExchangeException ex, string? internetMessageId = null, string? leftoverDraftItemId = null,
        string? addendum = null, bool? outcomeUnknown = null, ExchangeMessageLookup? lookup = null)
    {
        var outcomeLookup = lookup ?? ex.OutcomeLookup;
        var message = ex.ConstructedMessage + (addendum is null ? "" : " " + addendum);
        var id = internetMessageId ?? ex.InternetMessageId;
        var draft = leftoverDraftItemId ?? ex.LeftoverDraftItemId;
        var unknown = outcomeUnknown ?? ex.OutcomeUnknown;
        if (id == ex.InternetMessageId && draft == ex.LeftoverDraftItemId && addendum is null && unknown == ex.OutcomeUnknown && outcomeLookup == ex.OutcomeLookup)
        {
            return ex;
        }

        return ex switch
        {
            ExchangeAuthenticationException a => new ExchangeAuthenticationException(message, a.Endpoint, a.OfferedSchemes, a.ConnectionName, a.HttpStatus, a.InnerException)
            {
                FailureReason = a.FailureReason, OutcomeUnknown = unknown, InternetMessageId = id, LeftoverDraftItemId = draft, OutcomeLookup = outcomeLookup,
            },
            ExchangeTransportException t => new ExchangeTransportException(message, t.Failure, t.Endpoint, t.ConnectionName, t.HttpStatus, t.InnerException)
            {
                OutcomeUnknown = unknown, InternetMessageId = id, LeftoverDraftItemId = draft, OutcomeLookup = outcomeLookup,
            },
            ExchangeServiceException s => new ExchangeServiceException(message, s.ResponseCode, s.ConnectionName, s.HttpStatus, s.InnerException)
            {
                ServerMessage = s.ServerMessage, MessageXml = s.MessageXml, IsSoapFault = s.IsSoapFault, Operation = s.Operation, BackOff = s.BackOff,
                Mailbox = s.Mailbox, OutcomeUnknown = unknown, InternetMessageId = id, LeftoverDraftItemId = draft, OutcomeLookup = outcomeLookup,
            },
            // Raised before anything was sent; they name what to fix, not a message to look for.
            ExchangeMessageValidationException or ExchangeConnectionDisabledException => ex,
            _ => new ExchangeException(message, ex.ConnectionName, ex.InnerException) { OutcomeUnknown = unknown, InternetMessageId = id, LeftoverDraftItemId = draft, OutcomeLookup = outcomeLookup },
        };
    }
}
