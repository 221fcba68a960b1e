using Exchange.Sending.Ews;
using Exchange.Sending.Transport;

namespace Exchange.Sending;

/// <summary>
/// Every error the library raises for what a server answered (or failed to answer) is built here, complete, with the
/// text a person can act on: the connection, the endpoint, what happened, whether anything may have been delivered, and
/// what to change. Text that came from the server passes through the connection's <see cref="SecretRedactor"/>.
/// Transport failures (no usable answer) are in <c>ExchangeErrors.Transport.cs</c>.
/// </summary>
internal static partial class ExchangeErrors
{
    /// <summary>The code whose message names the refused address and both fixes (its own text, not <see cref="ExchangeResponseCodes.Advice"/>).</summary>
    internal const string SendAsDeniedCode = "ErrorSendAsDenied";

    /// <summary>gromox's error number in the SOAP fault for a recipient its delivery queue refuses (<see cref="ServerSpecificAdvice"/>).</summary>
    internal const string GromoxRelayRefusal = "E-3117";

    private const string MayHaveBeenProcessed = "The request had been sent completely, so the server may have processed it: check Sent Items before sending again.";

    /// <summary>An EWS response message with an error <c>ResponseCode</c>; <c>ErrorSendAsDenied</c> names the refused address and both fixes.</summary>
    public static ExchangeServiceException Service(string connectionName, EwsResponseMessage response, string operation, int httpStatus,
        string accountText, string? fromAddress, string? internetMessageId, SecretRedactor secrets,
        ExchangeVersion requested = ExchangeConnectionOptions.DefaultVersion, ExchangeServerVersionInfo? serverVersion = null,
        string? sentBy = null, Ews.EwsFolderTarget? copyFolder = null)
    {
        // A code is server text too: an echo of a secret in it is masked like any other.
        var code = response.ResponseCode.Length > 0 ? Printable(secrets.Redact(response.ResponseCode) ?? "") : "(no ResponseCode)";
        string text;
        string? mailbox = null;
        if (code == SendAsDeniedCode && fromAddress is not null && sentBy is not null)
        {
            mailbox = fromAddress;
            text = $"Exchange connection '{connectionName}': the server refused to send from '{mailbox}' on behalf by '{sentBy}' (ErrorSendAsDenied): {accountText} has neither Send on Behalf nor Send As on '{mailbox}', "
                + $"or '{sentBy}' is not the account's own mailbox (or one it has Send As on). "
                + $"Grant Send on Behalf (Set-Mailbox '{mailbox}' -GrantSendOnBehalfTo <account>), set SentByAddress (or the message's Sender) to the account's own address, "
                + "or clear it and grant Send As (Exchange Server: Add-ADPermission -ExtendedRights 'Send As'; Exchange Online: Add-RecipientPermission -AccessRights SendAs).";
        }
        else if (code == SendAsDeniedCode && fromAddress is not null)
        {
            mailbox = fromAddress;
            text = $"Exchange connection '{connectionName}': the server refused to send as '{mailbox}' (ErrorSendAsDenied): Send As permission on that mailbox is missing for {accountText}. "
                + $"Grant the account Send As on '{mailbox}' (Exchange Server: Add-ADPermission -ExtendedRights 'Send As'; Exchange Online: Add-RecipientPermission -AccessRights SendAs), "
                + $"or Send on Behalf (Set-Mailbox '{mailbox}' -GrantSendOnBehalfTo <account>; the message then shows 'on behalf of', and SentByAddress can name the account), "
                + "or set SenderAddress to the account's own mailbox address.";
        }
        else if (code == "ErrorAccessDenied" && copyFolder is { } folder && (folder.MailboxAddress is not null || folder.FolderId is not null)
                 && operation is "CreateItem" or "SendItem")
        {
            text = $"Exchange connection '{connectionName}': {operation} failed with ErrorAccessDenied: the copy of the message was to be saved in {folder}, which {accountText} may not write to; nothing was sent. "
                + (folder.MailboxAddress is { } owner
                    ? $"Give the account Full Access on '{owner}' (Add-MailboxPermission '{owner}' -User <account> -AccessRights FullAccess) or permission to create items in its Sent Items, "
                    : "Give the account permission to create items in that folder (Add-MailboxFolderPermission), ")
                + "or set SaveCopyLocation (or the message's SaveCopyTo) to AccountSentItems.";
        }
        else
        {
            var advice = ExchangeResponseCodes.Advice(code);
            text = $"Exchange connection '{connectionName}': {operation} failed with {code} ({response.ResponseClass})"
                + (string.IsNullOrWhiteSpace(response.MessageText) ? "." : $": {Printable(secrets.Redact(response.MessageText.Trim()) ?? "")}")
                + (advice is null ? "" : " " + advice) + VersionAdvice(code, requested, serverVersion);
        }

        return new ExchangeServiceException(text, new ExchangeResponseCode(code), connectionName, httpStatus)
        {
            ServerMessage = secrets.Redact(response.MessageText),
            MessageXml = secrets.Redact(response.MessageXml),
            Operation = operation,
            BackOff = response.BackOffMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Mailbox = mailbox,
            InternetMessageId = internetMessageId,
            ServerVersion = serverVersion,
        };
    }

    /// <summary>A SOAP fault, with the EWS code from its detail when there is one.</summary>
    public static ExchangeServiceException SoapFault(ErrorSite site, EwsFault fault, int status, string operation, SecretRedactor secrets, ExchangeServerProduct server,
        ExchangeVersion requested, ExchangeServerVersionInfo? serverVersion)
    {
        var code = Printable(secrets.Redact(fault.Code) ?? "");
        var advice = ExchangeResponseCodes.Advice(code);
        var text = secrets.Redact((fault.Message ?? fault.FaultString)?.Trim());
        var codeName = code.Length > 0 ? code : string.IsNullOrWhiteSpace(fault.FaultCode) ? "SoapFault" : Printable(secrets.Redact(fault.FaultCode.Trim()) ?? "SoapFault");
        return new ExchangeServiceException(
            $"Exchange connection '{site.ConnectionName}': {operation} was rejected by {site.Endpoint} with SOAP fault {codeName} (HTTP {status})"
            + (string.IsNullOrEmpty(text) ? "." : $": {Printable(text)}") + (advice is null ? "" : " " + advice) + ServerSpecificAdvice(server, text, operation)
            + VersionAdvice(codeName, requested, serverVersion),
            new ExchangeResponseCode(codeName), site.ConnectionName, status)
        {
            ServerVersion = serverVersion,
            ServerMessage = text,
            MessageXml = secrets.Redact(fault.MessageXml),
            IsSoapFault = true,
            Operation = operation,
            InternetMessageId = site.InternetMessageId,
            BackOff = fault.BackOffMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
    }

    /// <summary>For <c>ErrorInvalidServerVersion</c> and <c>ErrorInvalidSchemaVersionForMailboxVersion</c>: the version the server
    /// reported and the <see cref="ExchangeVersion"/> value to set; empty for other codes.</summary>
    internal static string VersionAdvice(string code, ExchangeVersion requested, ExchangeServerVersionInfo? serverVersion)
    {
        if (code is not (InvalidServerVersionCode or InvalidSchemaVersionForMailboxCode))
        {
            return "";
        }

        var mapped = Sending.ServerVersionMapping.Recommend(serverVersion);
        var lower = Sending.ServerVersionMapping.NextLower(requested);
        if (serverVersion is null)
        {
            return $" The server sent no ServerVersionInfo; the connection sent {requested}: set Version to "
                + (lower is { } l ? $"{l} or older" : "an older value") + " (Exchange2010_SP2 for Exchange 2010, Exchange2013_SP1 for Exchange 2013, Exchange2016 for 2016 and later).";
        }

        if (mapped is { } best && best < requested && code == InvalidServerVersionCode)
        {
            return $" The server reports ServerVersionInfo {serverVersion}, for which the best Version is {best}; the connection sent {requested}: set Version to {best}.";
        }

        // The answering server knows the version but the mailbox's server does not (a proxied request), or the mapping does not
        // explain the refusal: one documented step down.
        return $" The server reports ServerVersionInfo {serverVersion}"
            + (mapped is { } m ? $" (best Version {m})" : "")
            + (code == InvalidSchemaVersionForMailboxCode ? ", but the mailbox is on an older server" : "")
            + $"; the connection sent {requested}: set Version to " + (lower is { } step ? $"{step} or older." : "an older value.");
    }

    internal const string InvalidServerVersionCode = "ErrorInvalidServerVersion";

    internal const string InvalidSchemaVersionForMailboxCode = "ErrorInvalidSchemaVersionForMailboxVersion";

    // gromox answers a recipient its delivery queue refuses (any domain it does not host) with this fault, after it has
    // already written the Sent Items copy; in a send to several recipients nobody receives the message.
    private static string ServerSpecificAdvice(ExchangeServerProduct server, string? faultText, string operation) =>
        server == ExchangeServerProduct.Gromox && faultText?.Contains(GromoxRelayRefusal, StringComparison.Ordinal) == true && operation is "CreateItem" or "SendItem"
            ? " " + GromoxRelayRefusalAdvice
            : "";

    /// <summary>What the library says about <see cref="GromoxRelayRefusal"/> (quoted in docs/troubleshooting.md).</summary>
    internal const string GromoxRelayRefusalAdvice =
        "gromox refused the message because a recipient is not in a domain it hosts (it relays nothing by itself); nobody received it. "
        + "With SendAndSaveCopy gromox has already written a copy to Sent Items: delete it before sending again. Remove the outside recipients, or configure gromox's outbound relay.";

    /// <summary>HTTP 401: which mechanism and account were refused, what the server offers, and the strategy's diagnosis.</summary>
    public static ExchangeAuthenticationException Authentication(ErrorSite site, ExchangeConnectionOptions options, string strategyName,
        IReadOnlyList<string> offeredSchemes, ExchangeAuthenticationReport report)
    {
        var offered = offeredSchemes.Count == 0 ? "none" : string.Join(", ", offeredSchemes);
        if (options.AuthenticationStrategy is null && options.AuthenticationType == ExchangeAuthenticationType.Bearer)
        {
            // No account and no password: the bearer strategy's report says what was refused and what to check.
            return new ExchangeAuthenticationException(
                $"Exchange connection '{site.ConnectionName}': {site.Endpoint} refused authentication (HTTP 401) with {strategyName} authentication (OAuth 2.0 access token). "
                + $"The server offers: {offered}." + (string.IsNullOrEmpty(report.Message) ? "" : " " + report.Message),
                site.Endpoint, offeredSchemes, site.ConnectionName)
            {
                InternetMessageId = site.InternetMessageId,
                FailureReason = report.FailureReason == ExchangeAuthenticationFailureReason.None ? ExchangeAuthenticationFailureReason.CredentialsRejected : report.FailureReason,
            };
        }

        var account = string.IsNullOrEmpty(options.UserName) ? "no account" : $"account '{options.UserName}'" + (string.IsNullOrEmpty(options.Domain) ? "" : $" in domain '{options.Domain}'");
        var message = $"Exchange connection '{site.ConnectionName}': {site.Endpoint} refused authentication (HTTP 401) with {strategyName} authentication and {account}. "
            + $"The server offers: {offered}. Check UserName{(options.AuthenticationType == ExchangeAuthenticationType.Windows ? ", Password and Domain" : " and Password")}, "
            + "and that AuthenticationType matches a scheme the server offers."
            + (string.IsNullOrEmpty(report.Message) ? "" : " " + report.Message);
        return new ExchangeAuthenticationException(message, site.Endpoint, offeredSchemes, site.ConnectionName)
        {
            InternetMessageId = site.InternetMessageId,
            FailureReason = report.FailureReason == ExchangeAuthenticationFailureReason.None ? ExchangeAuthenticationFailureReason.CredentialsRejected : report.FailureReason,
        };
    }

    /// <summary>An attachment's own source failed while the request was being written: local, nothing delivered, not transient.</summary>
    public static ExchangeException LocalContent(ErrorSite site, string operation, EwsContentException local) =>
        LocalContent(site.ConnectionName, operation, local, site.InternetMessageId);

    /// <summary>As above, for a failure before any request (reading a single-use stream into its spool file).</summary>
    public static ExchangeException LocalContent(string connectionName, string what, EwsContentException local, string? internetMessageId) => new(
        $"Exchange connection '{connectionName}': {what} was not sent because {local.Message} Nothing was delivered; fix the attachment and send again.",
        connectionName, local.InnerException)
    { InternetMessageId = internetMessageId };

    /// <summary>The sender was disposed while a request was in flight.</summary>
    public static ExchangeException Disposed(ErrorSite site, IEwsOperation operation, bool bodySent, Exception inner) => new(
        $"Exchange connection '{site.ConnectionName}': the sender was disposed while {operation.Name} was in flight to {site.Endpoint}. "
        + (bodySent && operation.SendsMessage ? MayHaveBeenProcessedText(site)
            : bodySent ? $"{operation.Name} does not send mail, so the message was not sent." : "The request was not sent completely, so nothing was sent."),
        site.ConnectionName, inner)
    { OutcomeUnknown = bodySent && operation.SendsMessage, InternetMessageId = site.InternetMessageId };
}
