using System.Text.RegularExpressions;

namespace Exchange.Sending;

/// <summary>
/// Where the copy of one sent message is saved, overriding the connection's <see cref="ExchangeConnectionOptions.SaveCopyLocation"/>
/// (<see cref="ExchangeMailMessage.SaveCopyTo"/>): <see cref="AccountSentItems"/>, <see cref="SenderSentItems"/> or
/// <see cref="Folder(string)"/>. Written as <c>CreateItem</c>'s <c>SavedItemFolderId</c>
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/saveditemfolderid).
/// </summary>
public sealed partial class ExchangeSavedCopyFolder : IEquatable<ExchangeSavedCopyFolder>
{
    // The DistinguishedFolderIdNameType values a sent copy can sensibly go to (the schema lists more: search roots,
    // archive and Teams folders); compared ignoring case and written in the schema's lower case.
    private static readonly HashSet<string> DistinguishedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "inbox", "sentitems", "drafts", "deleteditems", "outbox", "junkemail", "msgfolderroot", "archiveinbox", "archivemsgfolderroot",
        "archivedeleteditems", "archive", "notes", "journal", "tasks", "conversationhistory", "scheduled",
    };

    private ExchangeSavedCopyFolder(ExchangeSavedCopyLocation location, string? folderName, string? folderId)
    {
        Location = location;
        DistinguishedFolderName = folderName;
        FolderId = folderId;
    }

    /// <summary>The Sent Items of the mailbox the request acts as (the account, or the impersonated user).</summary>
    public static ExchangeSavedCopyFolder AccountSentItems { get; } = new(ExchangeSavedCopyLocation.AccountSentItems, null, null);

    /// <summary>The Sent Items of the message's From mailbox; needs access to that folder (see <see cref="ExchangeSavedCopyLocation.SenderSentItems"/>).</summary>
    public static ExchangeSavedCopyFolder SenderSentItems { get; } = new(ExchangeSavedCopyLocation.SenderSentItems, null, null);

    /// <summary>Which of the three.</summary>
    public ExchangeSavedCopyLocation Location { get; }

    /// <summary>With <see cref="ExchangeSavedCopyLocation.Folder"/>: the distinguished folder name in lower case, e.g. <c>inbox</c>;
    /// otherwise <see langword="null"/>.</summary>
    public string? DistinguishedFolderName { get; }

    /// <summary>With <see cref="ExchangeSavedCopyLocation.Folder"/>: the EWS <c>FolderId</c>; otherwise <see langword="null"/>.</summary>
    public string? FolderId { get; }

    /// <summary>A given folder.</summary>
    /// <param name="folder">A distinguished folder name (<c>inbox</c>, <c>sentitems</c>, <c>drafts</c>, <c>deleteditems</c>,
    /// <c>outbox</c>, <c>junkemail</c>, <c>msgfolderroot</c>, <c>archiveinbox</c>, …; any case), or an EWS <c>FolderId</c> as
    /// <c>GetFolder</c> or <c>FindFolder</c> return it (base64, 20 characters or more).</param>
    /// <returns>The folder.</returns>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty, or neither a distinguished folder name nor a FolderId; the message says which names are accepted.</exception>
    public static ExchangeSavedCopyFolder Folder(string folder)
    {
        if (Problem(folder) is { } problem)
        {
            throw new ArgumentException(problem, nameof(folder));
        }

        return DistinguishedNames.Contains(folder)
            ? new(ExchangeSavedCopyLocation.Folder, folder.ToLowerInvariant(), null)
            : new(ExchangeSavedCopyLocation.Folder, null, folder);
    }

    /// <summary>Why a folder value is not usable (for the factory and the options validator), or <see langword="null"/>.</summary>
    internal static string? Problem(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return "The folder is empty; give a distinguished folder name such as 'inbox' or 'sentitems', or an EWS FolderId.";
        }

        if (DistinguishedNames.Contains(folder) || FolderIdPattern().IsMatch(folder))
        {
            return null;
        }

        // Quoted: a value with line breaks must not spread over lines of an exception message or a log.
        return $"'{ValidationRules.Quote(ValidationRules.Abbreviate(folder))}' is neither a distinguished folder name ({string.Join(", ", DistinguishedNames.Order(StringComparer.Ordinal))}) "
            + "nor an EWS FolderId (base64 as GetFolder or FindFolder return it, 20 characters or more); use one of them.";
    }

    /// <summary>The connection's setting as a value (the Folder location needs its folder).</summary>
    internal static ExchangeSavedCopyFolder For(ExchangeSavedCopyLocation location, string? folder) => location switch
    {
        ExchangeSavedCopyLocation.SenderSentItems => SenderSentItems,
        ExchangeSavedCopyLocation.Folder => Folder(folder!),
        _ => AccountSentItems,
    };

    /// <inheritdoc />
    public bool Equals(ExchangeSavedCopyFolder? other) =>
        other is not null && Location == other.Location && DistinguishedFolderName == other.DistinguishedFolderName && FolderId == other.FolderId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ExchangeSavedCopyFolder);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Location, DistinguishedFolderName, FolderId);

    /// <summary><c>AccountSentItems</c>, <c>SenderSentItems</c>, <c>Folder(inbox)</c> or <c>Folder(FolderId …)</c>.</summary>
    public override string ToString() => Location switch
    {
        ExchangeSavedCopyLocation.Folder => DistinguishedFolderName is { } name ? $"Folder({name})" : $"Folder(FolderId {ValidationRules.Abbreviate(FolderId!)})",
        _ => Location.ToString(),
    };

    // EWS ids are base64 (standard or URL-safe) of an entry id: far longer than any folder name.
    [GeneratedRegex(@"^[A-Za-z0-9+/_-]{20,}={0,2}\z")]
    private static partial Regex FolderIdPattern();
}
