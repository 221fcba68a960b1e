using Exchange.Sending.Transport;

namespace Exchange.Sending.Sending;

/// <summary>
/// Resolves <see cref="ExchangeConnectionOptions.MessageFormat"/> for the next send. <see cref="ExchangeMessageFormat.Automatic"/>
/// chooses MIME for servers known to lose typed item content (gromox) and typed items otherwise, from what the connection
/// has learned (<see cref="ServerIdentity"/>); until something answered, the sender asks once with a small GetFolder.
/// </summary>
internal sealed class MessageFormatSelector(ExchangeMessageFormat configured, ServerIdentity server)
{
    /// <summary><see langword="true"/> when the choice depends on a server nothing has been learned about yet.</summary>
    public bool NeedsProbe => configured == ExchangeMessageFormat.Automatic && !server.IsKnown;

    public ExchangeMessageFormat Configured => configured;

    /// <summary>The format and why, for the next send.</summary>
    public (ExchangeMessageFormat Format, string Reason) Resolve()
    {
        switch (configured)
        {
            case ExchangeMessageFormat.Items when server.Product == ExchangeServerProduct.Gromox:
                return (ExchangeMessageFormat.Items, "MessageFormat is set to Items, but the server is gromox, which loses attachments, Message-ID, "
                    + "From, Reply-To and receipt requests of typed items and shows Bcc recipients to everyone: set MessageFormat to Automatic or Mime.");
            case ExchangeMessageFormat.Items:
                return (ExchangeMessageFormat.Items, "MessageFormat is set to Items.");
            case ExchangeMessageFormat.Mime:
                return (ExchangeMessageFormat.Mime, "MessageFormat is set to Mime.");
        }

        return server.Product == ExchangeServerProduct.Gromox
            ? (ExchangeMessageFormat.Mime, $"Automatic: the server is gromox ({server.Evidence}), which loses attachments, Message-ID, From and Reply-To of typed items and keeps them in MIME.")
            : (ExchangeMessageFormat.Items, $"Automatic: typed items, which Exchange keeps in full ({server.Evidence}).");
    }
}
