using System.Collections.Frozen;

namespace Exchange.Sending;

/// <summary>How the library classifies EWS <c>ResponseCode</c> values (after ../shared/ews-schema/response-codes.md)
/// and what it tells the user to do about the common ones.</summary>
internal static class ExchangeResponseCodes
{
    // Class T of response-codes.md: the same request may succeed later.
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "ErrorServerBusy", "ErrorExceededConnectionCount", "ErrorTooManyObjectsOpened", "ErrorInternalServerTransientError",
        "ErrorInsufficientResources", "ErrorMailboxStoreUnavailable", "ErrorMailboxMoveInProgress", "ErrorMailboxFailover",
        "ErrorConnectionFailed", "ErrorADUnavailable", "ErrorADOperation", "ErrorTimeoutExpired", "ErrorNotEnoughMemory",
        "ErrorBatchProcessingStopped", "ErrorServiceUnavailable", "ErrorProxyRequestProcessingFailed",
        "ErrorNoApplicableProxyCASServersAvailable", "ErrorClientDisconnected",
    };

    // Codes that prove the request was refused before anything was sent, so sending again cannot duplicate a message.
    private static readonly HashSet<string> SafeToResend = new(StringComparer.Ordinal)
    {
        "ErrorServerBusy", "ErrorExceededConnectionCount", "ErrorTooManyObjectsOpened", "ErrorServiceUnavailable",
        "ErrorNoApplicableProxyCASServersAvailable", "ErrorInsufficientResources",
    };

    /// <summary><see langword="true"/> for codes the same request may overcome later (throttling, failover, store offline).</summary>
    /// <param name="responseCode">A <c>ResponseCode</c> as received.</param>
    internal static bool IsTransient(string responseCode) => Transient.Contains(responseCode);

    /// <summary><see langword="true"/> for transient codes that show the server refused the request before processing it,
    /// so the library may resend it without risk of a duplicate message.</summary>
    /// <param name="responseCode">A <c>ResponseCode</c> as received.</param>
    internal static bool IsSafeToResend(string responseCode) => SafeToResend.Contains(responseCode);

    /// <summary>What the library tells the user to do about a code, in a sentence, keyed by the code (ordinal). Every key has a
    /// section in docs/troubleshooting.md, and every code documented there has advice here (TroubleshootingDocTests).</summary>
    internal static readonly FrozenDictionary<string, string> AdviceByCode = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ErrorServerBusy"] = "The server is throttling this account; wait and try again, or lower MaxConcurrentRequests.",
        ["ErrorExceededConnectionCount"] = "Too many requests at once for this account (EWSMaxConcurrency); lower MaxConcurrentRequests.",
        ["ErrorInvalidServerVersion"] = "The server does not accept this RequestServerVersion; choose an older Version in the connection settings (Exchange2010_SP2 for Exchange 2010, Exchange2013_SP1 for Exchange 2013, Exchange2016 for Exchange 2016 and 2019), or set AllowVersionFallback to step down once by itself.",
        ["ErrorInvalidSchemaVersionForMailboxVersion"] = "The mailbox is on a server older than the one that answered, and that server cannot serve the configured RequestServerVersion; choose an older Version in the connection settings.",
        ["ErrorSchemaValidation"] = "The server rejected the request as schema-invalid; this is a defect in the library or the server's schema is older than the configured Version. Choose an older Version or report the MessageXml.",
        ["ErrorInvalidRecipients"] = "Add at least one valid recipient.",
        ["ErrorMissingRecipients"] = "Add at least one valid recipient.",
        ["ErrorInvalidSmtpAddress"] = "An address is not a valid SMTP address; correct it.",
        ["ErrorNonExistentMailbox"] = "The address does not belong to a mailbox on this server (SenderAddress, ImpersonatedUser or a recipient).",
        ["ErrorAccessDenied"] = "The account lacks the permission for this operation; ask the Exchange administrator.",
        ["ErrorMessageSizeExceeded"] = "The message is larger than the server allows; send smaller or fewer attachments.",
        ["ErrorDataSizeLimitExceeded"] = "The message is larger than the server allows; send smaller or fewer attachments.",
        ["ErrorRequestStreamTooBig"] = "The message is larger than the server allows; send smaller or fewer attachments.",
        ["ErrorQuotaExceeded"] = "The mailbox is over its storage quota; free space, or set SaveCopyToSentItems to false.",
        ["ErrorSubmissionQuotaExceeded"] = "The account hit its sending quota; send later.",
        ["ErrorExceededMessageLimit"] = "The account hit its sending quota; send later.",
        ["ErrorMailboxStoreUnavailable"] = "The mailbox is temporarily unavailable; try again later.",
        ["ErrorMailboxFailover"] = "The mailbox is temporarily unavailable; try again later.",
        ["ErrorMailboxMoveInProgress"] = "The mailbox is temporarily unavailable; try again later.",
        ["ErrorMissingEmailAddress"] = "The account has no mailbox; use an account with a mailbox.",
        ["ErrorAccountDisabled"] = "The account is disabled in the directory.",
        ["ErrorPasswordExpired"] = "The account's password must be changed before it can be used.",
        ["ErrorPasswordChangeRequired"] = "The account's password must be changed before it can be used.",
        ["ErrorImpersonateUserDenied"] = ImpersonationDenied,
        ["ErrorImpersonationDenied"] = ImpersonationDenied,
        ["ErrorCannotFindUser"] = ImpersonationFailed,
        ["ErrorImpersonationFailed"] = ImpersonationFailed,
        ["ErrorStaleObject"] = "The draft changed on the server while it was being sent; send the message again.",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const string ImpersonationFailed = "The server could not act as ImpersonatedUser: check that it names an existing mailbox in the form ImpersonatedUserIdType says (SMTP address, user principal name or SID), and that the account has the ApplicationImpersonation role for it.";

    private const string ImpersonationDenied = "The account may not impersonate ImpersonatedUser: it needs the ApplicationImpersonation management role for that mailbox, granted by an Exchange administrator (Exchange Management Shell or Exchange Online PowerShell: New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account>, optionally with -CustomRecipientWriteScope to limit the mailboxes); or clear ImpersonatedUser to send as the account itself.";

    /// <summary>What to do about a code, in a sentence; <see langword="null"/> when there is nothing specific to say.</summary>
    internal static string? Advice(string responseCode) => AdviceByCode.GetValueOrDefault(responseCode);
}
