using System.Text;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// The server's mailbox store: folders by distinguished name, items by id. Thread-safe through one lock. Folders are
/// shared by all users; each item remembers whose folder it was filed in (<see cref="StoredItem.Mailbox"/>), which
/// FindItem uses.
/// </summary>
internal sealed class MailStore(TimeProvider clock)
{
    private static readonly Dictionary<string, string> DisplayNames = new(StringComparer.Ordinal)
    {
        ["root"] = "Root",
        ["msgfolderroot"] = "Top of Information Store",
        ["inbox"] = "Inbox",
        ["drafts"] = "Drafts",
        ["sentitems"] = "Sent Items",
        ["deleteditems"] = "Deleted Items",
        ["outbox"] = "Outbox",
        ["junkemail"] = "Junk Email",
    };

    private readonly object _gate = new();
    private readonly Dictionary<string, StoredItem> _items = new(StringComparer.Ordinal);
    private readonly List<StoredItem> _order = [];
    private long _changeCounter;

    public object Gate => _gate;

    public static string DisplayName(string folder) => DisplayNames.TryGetValue(folder, out var name) ? name : folder;

    public static string FolderId(string folder) => "AQMkADAwATM0MDAAFolder" + Convert.ToBase64String(Encoding.UTF8.GetBytes(folder)).TrimEnd('=');

    public static string? FolderFromId(string id)
    {
        const string prefix = "AQMkADAwATM0MDAAFolder";
        if (!id.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var b64 = id[prefix.Length..];
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static IEnumerable<string> KnownFolders => DisplayNames.Keys;

    /// <summary>The change key the server gives a folder (stable: folders never change).</summary>
    public static string FolderChangeKey(string folder) => "AQAAABYAAAA" + folder.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Now on the server's clock, UTC, truncated to whole seconds (EWS reports times to the second).</summary>
    public DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>Now on the server's clock, exact (for visibility).</summary>
    public DateTimeOffset ExactNow() => clock.GetUtcNow();

    /// <summary>
    /// Stores an item. <paramref name="sentAt"/> is set for the saved copy of a sent message, which becomes visible to
    /// FindItem <paramref name="filingDelay"/> later; <paramref name="created"/> defaults to now.
    /// </summary>
    public StoredItem Add(
        string folder, MessageData data, string disposition, string? requestServerVersion, string? owner,
        string? mailbox = null, DateTimeOffset? sentAt = null, DateTimeOffset? created = null, TimeSpan filingDelay = default)
    {
        var visibleFrom = ExactNow() + filingDelay;
        var stamp = created ?? Now();
        lock (_gate)
        {
            var item = new StoredItem
            {
                Id = "AAMkAGZha2VFd3M" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
                ChangeKey = NextChangeKey(),
                Folder = folder,
                Data = data,
                Disposition = disposition,
                RequestServerVersion = requestServerVersion,
                Owner = owner,
                Mailbox = mailbox ?? owner,
                Created = stamp,
                SentAt = sentAt,
                VisibleFrom = visibleFrom,
            };
            _items.Add(item.Id, item);
            _order.Add(item);
            return item;
        }
    }

    public StoredItem? Find(string id)
    {
        lock (_gate)
        {
            return _items.GetValueOrDefault(id);
        }
    }

    public void Remove(StoredItem item)
    {
        lock (_gate)
        {
            _items.Remove(item.Id);
            _order.Remove(item);
        }
    }

    /// <summary>A new, unique attachment id (CreateItem and CreateAttachment hand them out).</summary>
    public static string NewAttachmentId() => "AAMkAGZha2VBdHQ" + Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    public string NextChangeKey()
    {
        var n = Interlocked.Increment(ref _changeCounter);
        return "CQAAABYAAAD" + Convert.ToBase64String(BitConverter.GetBytes(n));
    }

    public IReadOnlyList<FakeEwsSentMessage> Folder(string folder)
    {
        lock (_gate)
        {
            return _order.Where(i => string.Equals(i.Folder, folder, StringComparison.OrdinalIgnoreCase)).Select(i => i.Snapshot()).ToArray();
        }
    }

    public IReadOnlyList<FakeEwsSentMessage> Folder(string folder, string mailbox)
    {
        lock (_gate)
        {
            return _order.Where(i => string.Equals(i.Folder, folder, StringComparison.OrdinalIgnoreCase) && string.Equals(i.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase))
                .Select(i => i.Snapshot()).ToArray();
        }
    }

    /// <summary>
    /// What FindItem sees in <paramref name="folder"/> of <paramref name="mailbox"/> now, oldest first: items filed there
    /// whose filing delay has passed. With a mailbox, items filed for another mailbox are left out (items of nobody in
    /// particular are everyone's); the selection runs under the store's lock and returns immutable views.
    /// </summary>
    public IReadOnlyList<FoundItem> Visible(string folder, string? mailbox, Func<FoundItem, bool> filter)
    {
        var now = ExactNow();
        lock (_gate)
        {
            return _order
                .Where(i => string.Equals(i.Folder, folder, StringComparison.OrdinalIgnoreCase) && i.VisibleFrom <= now
                            && (mailbox is null || i.Mailbox is null || string.Equals(i.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase)))
                .Select(i => new FoundItem(i.Id, i.ChangeKey, i.Folder, i.Data, i.Created, i.DateTimeSent, i.IsDraft, i.Owner))
                .Where(filter)
                .ToArray();
        }
    }

    public int Count(string folder)
    {
        lock (_gate)
        {
            return _order.Count(i => string.Equals(i.Folder, folder, StringComparison.OrdinalIgnoreCase));
        }
    }
}
