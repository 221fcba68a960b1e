namespace Exchange.Sending;

/// <summary>How a message travels in EWS <c>CreateItem</c>: as typed item properties or as one MIME document.</summary>
/// <remarks>See docs/servers.md for which servers keep what in each format.</remarks>
public enum ExchangeMessageFormat
{
    /// <summary>Chosen per server (the default): <see cref="Mime"/> for servers known to lose typed item content
    /// (gromox, recognised by its <c>ServerVersionInfo</c>), <see cref="Items"/> otherwise. The server is learned from
    /// the first EWS answer on the connection (a <c>GetFolder</c> probe before the first send, or the connection check)
    /// and re-learned from every later answer.</summary>
    Automatic = 0,

    /// <summary>Typed properties (<c>t:Subject</c>, <c>t:Body</c>, <c>t:ToRecipients</c>, <c>t:Attachments</c>…), as the EWS
    /// Managed API sends them. Exchange keeps every feature; below Exchange2010_SP2 attachments go by CreateAttachment + SendItem.</summary>
    Items = 1,

    /// <summary>The whole message as RFC 5322 MIME in <c>t:MimeContent</c> (built with MimeKit), with Bcc and the
    /// properties a server may ignore in MIME (importance, sensitivity, categories, receipt requests, X- headers) sent typed beside it.
    /// Bcc is never written into the MIME.</summary>
    Mime = 2,
}
