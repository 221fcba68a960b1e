using System.Text;
using Exchange.Sending.Ews;

namespace Exchange.Sending;

/// <summary>Answers that arrived but cannot be believed: XML that breaks off or is broken, or a well-formed reply that is not the
/// answer to the request (<see cref="EwsResponseCheck"/>). For a request that sends mail and went out whole, the outcome is
/// unknown: the server may have sent the message before its answer went wrong.</summary>
internal static partial class ExchangeErrors
{
    public static ExchangeTransportException MalformedResponse(ErrorSite site, int status, IEwsOperation operation, EwsMalformedResponseException ex, bool bodySent,
        Transport.SecretRedactor secrets)
    {
        var unknown = bodySent && operation.SendsMessage;
        var readSoFar = ex.Partial.Messages.Count > 0
            ? $" The part that could be read said {ex.Partial.Messages[0].ResponseClass} {ex.Partial.Messages[0].ResponseCode}, which a broken answer does not prove."
            : "";
        // XmlException quotes the markup it choked on, which may be an echo of a secret: the inner exception is a cleaned copy.
        var what = Printable(secrets.Redact(WithoutPosition(ex.Xml)) ?? "");
        var inner = new System.Xml.XmlException(what, null, ex.Xml.LineNumber, ex.Xml.LinePosition);
        return new ExchangeTransportException(
            $"Exchange connection '{site.ConnectionName}': the {operation.Name} response from {site.Endpoint} (HTTP {status}) is not well-formed XML "
            + $"at line {ex.Xml.LineNumber}, position {ex.Xml.LinePosition}: {what}." + Printable(secrets.Redact(readSoFar) ?? "") + " "
            + Consequence(site, operation, unknown),
            ExchangeTransportFailure.InvalidResponse, site.Endpoint, site.ConnectionName, status, inner)
        { OutcomeUnknown = unknown, InternetMessageId = site.InternetMessageId };
    }

    public static ExchangeTransportException UntrustedResponse(ErrorSite site, int status, IEwsOperation operation, string mismatch, bool bodySent)
    {
        var unknown = bodySent && operation.SendsMessage;
        return new ExchangeTransportException(
            $"Exchange connection '{site.ConnectionName}': the {operation.Name} response from {site.Endpoint}{(status > 0 ? $" (HTTP {status})" : "")} is not an answer to the request: "
            + $"{Printable(mismatch)}. " + Consequence(site, operation, unknown),
            ExchangeTransportFailure.InvalidResponse, site.Endpoint, site.ConnectionName, status > 0 ? status : null)
        { OutcomeUnknown = unknown, InternetMessageId = site.InternetMessageId };
    }

    /// <summary>What the caller may assume after an answer it could not read: unknown for mail that went out, else nothing delivered.</summary>
    private static string Consequence(ErrorSite site, IEwsOperation operation, bool unknown) => unknown
        ? MayHaveBeenProcessedText(site)
        : operation.SendsMessage
            ? "The request was not sent completely, so nothing was delivered."
            : $"{operation.Name} does not send mail, so nothing was delivered by it; a server that answers like this is not working as EWS should.";

    /// <summary>For an unknown outcome: how to find out before sending again (the Message-ID, and the call that looks for it).</summary>
    internal static string MayHaveBeenProcessedText(ErrorSite site) => site.InternetMessageId is { } id
        ? $"The request had been sent completely, so the server may have sent the message: look for Message-ID {id} in Sent Items "
          + "(ExchangeMailSender.FindSentMessageAsync) before sending again."
        : MayHaveBeenProcessed;

    private static string WithoutPosition(System.Xml.XmlException ex)
    {
        // XmlException.Message ends in " Line n, position m." which the text above already gives.
        var text = ex.Message;
        var at = text.LastIndexOf(" Line ", StringComparison.Ordinal);
        return (at > 0 ? text[..at] : text).TrimEnd('.', ' ');
    }

    /// <summary>Control characters a server sent (tolerated by the reader) shown as <c>U+0001</c>, so a message stays one readable line.</summary>
    internal static string Printable(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                builder.Append("U+").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>Cancellations by the caller: typed, with the Message-ID and what had left (ExchangeSendCanceledException).</summary>
internal static partial class ExchangeErrors
{
    /// <summary>Cancelled with <paramref name="operation"/> in flight (<see langword="null"/>: none was).</summary>
    /// <param name="site">Connection, endpoint and Message-ID.</param>
    /// <param name="operation">The request in flight, or <see langword="null"/>.</param>
    /// <param name="requestSent">Its body had left completely.</param>
    /// <param name="inner">The cancellation as .NET raised it.</param>
    /// <param name="token">The caller's token (the exception .NET raised may carry a linked one).</param>
    public static ExchangeSendCanceledException Canceled(ErrorSite site, IEwsOperation? operation, bool requestSent, OperationCanceledException inner, CancellationToken token)
    {
        var unknown = requestSent && operation?.SendsMessage == true;
        var what = operation is null
            ? "before its request was sent"
            : requestSent ? $"while waiting for the answer to {operation.Name}" : $"while {operation.Name} was being sent";
        var consequence = unknown
            ? "The request had been sent completely, so the server may still deliver the message: look for Message-ID "
              + $"{site.InternetMessageId} in Sent Items (ExchangeMailSender.FindSentMessageAsync) before sending again."
            : operation?.SendsMessage == true || operation is null
                ? "Nothing was sent."
                : $"{operation.Name} does not send mail, so the message was not sent.";
        return new ExchangeSendCanceledException(
            $"Exchange connection '{site.ConnectionName}': the send{(site.InternetMessageId is null ? "" : " of " + site.InternetMessageId)} was cancelled {what}. {consequence}",
            inner, token)
        {
            ConnectionName = site.ConnectionName,
            InternetMessageId = site.InternetMessageId,
            Operation = operation?.Name,
            RequestSent = requestSent,
            OutcomeUnknown = unknown,
        };
    }

    /// <summary>A copy of a cancellation that also names a draft left behind, or that the message reached some recipients.</summary>
    public static ExchangeSendCanceledException Canceled(ExchangeSendCanceledException ex, string? message = null, bool? outcomeUnknown = null, string? leftoverDraftItemId = null) =>
        new(message ?? ex.Message + (leftoverDraftItemId is null ? "" : $" A draft of the message was left in the account's Drafts folder (ItemId '{leftoverDraftItemId}'); delete it before sending again."),
            ex.InnerException, ex.CancellationToken)
        {
            ConnectionName = ex.ConnectionName,
            InternetMessageId = ex.InternetMessageId,
            Operation = ex.Operation,
            RequestSent = ex.RequestSent,
            OutcomeUnknown = outcomeUnknown ?? ex.OutcomeUnknown,
            LeftoverDraftItemId = leftoverDraftItemId ?? ex.LeftoverDraftItemId,
        };
}
