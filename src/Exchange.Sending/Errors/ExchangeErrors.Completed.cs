namespace Exchange.Sending;

/// <summary>Completed copies: an error raised where its send was not known (a probe shared by several sends) or before the
/// plan knew more (a draft that could not be deleted) is thrown as a new exception of the same type that carries it all,
/// instead of being changed after it was thrown.</summary>
internal static partial class ExchangeErrors
{
    public static ExchangeException Completed(ExchangeException ex, string? internetMessageId = null, string? leftoverDraftItemId = null)
    {
        var message = ex.ConstructedMessage;
        var id = internetMessageId ?? ex.InternetMessageId;
        var draft = leftoverDraftItemId ?? ex.LeftoverDraftItemId;
        if (id == ex.InternetMessageId && draft == ex.LeftoverDraftItemId)
        {
            return ex;
        }

        return ex switch
        {
            ExchangeAuthenticationException a => new ExchangeAuthenticationException(message, a.Endpoint, a.OfferedSchemes, a.ConnectionName, a.HttpStatus, a.InnerException)
            {
                FailureReason = a.FailureReason, OutcomeUnknown = a.OutcomeUnknown, InternetMessageId = id, LeftoverDraftItemId = draft,
            },
            ExchangeTransportException t => new ExchangeTransportException(message, t.Failure, t.Endpoint, t.ConnectionName, t.HttpStatus, t.InnerException)
            {
                OutcomeUnknown = t.OutcomeUnknown, InternetMessageId = id, LeftoverDraftItemId = draft,
            },
            ExchangeServiceException s => new ExchangeServiceException(message, s.ResponseCode, s.ConnectionName, s.HttpStatus, s.InnerException)
            {
                ServerMessage = s.ServerMessage, MessageXml = s.MessageXml, IsSoapFault = s.IsSoapFault, Operation = s.Operation, BackOff = s.BackOff,
                Mailbox = s.Mailbox, OutcomeUnknown = s.OutcomeUnknown, InternetMessageId = id, LeftoverDraftItemId = draft,
            },
            // Raised before anything was sent; they name what to fix, not a message to look for.
            ExchangeMessageValidationException or ExchangeConnectionDisabledException => ex,
            _ => new ExchangeException(message, ex.ConnectionName, ex.InnerException) { OutcomeUnknown = ex.OutcomeUnknown, InternetMessageId = id, LeftoverDraftItemId = draft },
        };
    }
}
