namespace Exchange.Sending;

/// <summary>Which EWS server implementation answered, as far as its answers tell.</summary>
public enum ExchangeServerProduct
{
    /// <summary>Not known yet (nothing answered), or the answer carried no <c>ServerVersionInfo</c>.</summary>
    Unknown = 0,

    /// <summary>Microsoft Exchange Server or Exchange Online: any other <c>ServerVersionInfo</c> (the bundled loopback server,
    /// which emulates Exchange, counts as this too).</summary>
    MicrosoftExchange = 1,

    /// <summary>grommunio gromox, recognised by its fixed <c>ServerVersionInfo</c> 15.0.847.4040 (<c>V2017_07_11</c>)
    /// or the Basic realm <c>msrpc realm</c> of its 401 answers. It loses typed item content (attachments, Message-ID,
    /// From, Reply-To) and keeps MIME.</summary>
    Gromox = 2,
}
