using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Sending;

/// <summary>How the health check of an Exchange connection runs and judges its connection check. Set through the
/// <c>configure</c> argument of <c>AddExchangeConnection</c> / <c>AddExchangeConnections</c>.</summary>
public sealed class ExchangeConnectionHealthCheckOptions
{
    /// <summary>Default <see cref="MinimumInterval"/>: 30 seconds.</summary>
    /// <remarks>A probe every few seconds (Kubernetes' default period is 10 s, a load balancer's often 5 s, times each
    /// replica and each probe endpoint) would otherwise send a GetFolder, and with Windows authentication a handshake, for
    /// every probe, all counted against the account's EWS throttling budget that its sends need. 30 seconds keeps it to at
    /// most two connection checks a minute per process and connection, while a broken connection still shows within 30
    /// seconds plus the time one check takes.</remarks>
    public static readonly TimeSpan DefaultMinimumInterval = TimeSpan.FromSeconds(30);

    /// <summary>The shortest time between two connection checks of the same connection. A probe within this time after
    /// the last check finished gets that check's result again (its data says <c>cached</c> = <see langword="true"/> and
    /// <c>checkedAt</c> when it ran); probes that arrive while a check is running wait for that check instead of starting
    /// another. Failed checks are reused like passed ones. <see cref="TimeSpan.Zero"/> runs a check for every probe (still
    /// one at a time). Default <see cref="DefaultMinimumInterval"/> (30 seconds); must not be negative.</summary>
    /// <remarks>A result is reused only for the sender it was obtained from: after the connection's settings reload, the
    /// next probe checks the new settings at once.</remarks>
    public TimeSpan MinimumInterval { get; set; } = DefaultMinimumInterval;

    /// <summary>The status reported for a connection whose settings say <c>Disabled</c>: it sends nothing, on purpose, so
    /// it is not a failure, but neither does it work. Default <see cref="HealthStatus.Degraded"/>. No network I/O happens
    /// for a disabled connection.</summary>
    public HealthStatus DisabledStatus { get; set; } = HealthStatus.Degraded;

    /// <summary>When <see langword="true"/> (default), a connection whose <c>SenderAddress</c> differs from its account's
    /// logon name written as an address (<c>UserName</c> <c>svc@example.com</c>, Basic or Windows authentication) is reported
    /// <see cref="HealthStatus.Degraded"/> with warning <c>SendAsUnproven</c>: sending as another address needs the Send As
    /// permission, which the connection check resolves the sender for but does not prove (its own warning
    /// <see cref="ExchangeSendWarning.SendAsNotProven"/> is reported under this code), and the first send
    /// without it fails with <c>ErrorSendAsDenied</c>. An account named <c>DOMAIN\user</c>, <c>user</c> or not at all (None,
    /// default credentials, a host-supplied strategy) cannot be compared and gives no such warning. Set it to
    /// <see langword="false"/> once Send As is granted and a UPN that differs from the sender address is expected.</summary>
    public bool WarnWhenSenderDiffersFromAccount { get; set; } = true;

    internal ExchangeConnectionHealthCheckOptions Clone() => (ExchangeConnectionHealthCheckOptions)MemberwiseClone();
}
