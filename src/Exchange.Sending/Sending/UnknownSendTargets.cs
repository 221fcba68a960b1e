using System.Collections.Concurrent;
using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// Where the sends whose outcome was unknown saved their copies, and as whom they acted, by Message-ID: so that
/// <see cref="IExchangeMailSender.FindSentMessageAsync"/> on the same sender searches where that message's copy went
/// (a message's own SaveCopyTo or ImpersonatedUser) and not where the connection's defaults point, which would answer
/// NotFound for a message that was sent. Bounded: the oldest entries are forgotten first.
/// </summary>
internal sealed class UnknownSendTargets(int capacity = UnknownSendTargets.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, Target> _targets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Where one send's copy went (null: none kept) and its own impersonation (null: the connection's).</summary>
    public sealed record Target(EwsFolderTarget? CopyFolder, EwsImpersonation? Impersonation);

    public void Remember(string internetMessageId, EwsFolderTarget? copyFolder, EwsImpersonation? impersonation)
    {
        if (_targets.TryAdd(internetMessageId, new Target(copyFolder, impersonation)))
        {
            _order.Enqueue(internetMessageId);
            while (_order.Count > capacity && _order.TryDequeue(out var oldest))
            {
                _targets.TryRemove(oldest, out _);
            }
        }
        else
        {
            _targets[internetMessageId] = new Target(copyFolder, impersonation);
        }
    }

    public Target? Find(string internetMessageId) => _targets.GetValueOrDefault(internetMessageId);
}
