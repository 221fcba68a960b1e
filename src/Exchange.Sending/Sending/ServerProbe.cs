using Exchange.Sending.Ews;

namespace Exchange.Sending.Sending;

/// <summary>
/// Asks the server once (<c>GetFolder</c> of Sent Items) which server it is, unless an answer on the connection already
/// told (<see cref="Transport.ServerIdentity"/>). Concurrent sends share one probe, its failure included; the next send
/// after a failure asks again. The probe runs on the connection's lifetime, not one caller's token, so a caller that gives
/// up does not fail the others.
/// </summary>
internal sealed class ServerProbe(EwsConnection connection)
{
    private readonly object _gate = new();
    private Task? _probe;

    /// <summary>Waits for the server to be known; a failed probe is thrown as this send's error (naming its Message-ID).</summary>
    public async Task EnsureKnownAsync(string internetMessageId, CancellationToken cancellationToken)
    {
        if (connection.Transport.Server.IsKnown)
        {
            return;
        }

        Task probe;
        lock (_gate)
        {
            if (_probe is null || (_probe.IsCompleted && !connection.Transport.Server.IsKnown))
            {
                _probe = ProbeAsync();
            }

            probe = _probe;
        }

        try
        {
            await probe.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException shared)
        {
            throw ExchangeErrors.Completed(shared, internetMessageId);
        }
    }

    private async Task ProbeAsync()
    {
        try
        {
            await connection.Retry.ExecuteAsync(async token => await connection.Transport.SendAsync(new GetFolderOperation("sentitems"), token).ConfigureAwait(false),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (ExchangeTransportException ex) when (ex.Failure is ExchangeTransportFailure.Timeout or ExchangeTransportFailure.ConnectionLost)
        {
            // Only the GetFolder's answer was lost: the message itself has not been sent.
            throw new ExchangeTransportException(
                $"Exchange connection '{connection.Name}': the server could not be identified before sending (MessageFormat Automatic, or a MIME send): "
                + $"GetFolder to {ex.Endpoint} got no complete answer ({ex.Failure}). The message was not sent; try again.",
                ex.Failure, ex.Endpoint, connection.Name, ex.HttpStatus, ex);
        }
    }
}
