namespace Exchange.Sending;

// The members are EWS's own RequestServerVersion values (Exchange2013_SP1, V2017_07_11), sent on the wire as written.
#pragma warning disable CA1707

/// <summary>
/// The EWS schema version a connection targets, sent as the <c>Version</c> attribute of the
/// <c>t:RequestServerVersion</c> SOAP header. Values are the <c>t:ExchangeVersionType</c> names of
/// Microsoft's types.xsd from <c>Exchange2007_SP1</c> on, in schema order.
/// </summary>
/// <remarks>
/// <para>The default is <see cref="Exchange2013_SP1"/>: the newest value Microsoft's
/// RequestServerVersion reference documents, accepted by Exchange 2013, 2016, 2019 and Exchange Online.
/// A server rejects names newer than it knows with <c>ErrorInvalidServerVersion</c>, so pick the
/// oldest version that has what you need (Exchange 2010 servers: <see cref="Exchange2010_SP2"/>).</para>
/// <para>Below <see cref="Exchange2010_SP2"/> attachments cannot travel inside <c>CreateItem</c>; the
/// library then uses CreateItem (SaveOnly) + CreateAttachment + SendItem.</para>
/// <para><c>0</c> means unset and fails validation. <c>Exchange2007_SP2</c>/<c>_SP3</c> and
/// <c>Exchange2019</c> were never schema names.</para>
/// </remarks>
public enum ExchangeVersion
{
    /// <summary>Exchange 2007 Service Pack 1.</summary>
    Exchange2007_SP1 = 1,
    /// <summary>Internal name (Exchange Online, 2009).</summary>
    Exchange2009,
    /// <summary>Exchange 2010.</summary>
    Exchange2010,
    /// <summary>Exchange 2010 Service Pack 1.</summary>
    Exchange2010_SP1,
    /// <summary>Exchange 2010 Service Pack 2: the oldest version that accepts attachments inside CreateItem.</summary>
    Exchange2010_SP2,
    /// <summary>Internal name (Exchange Online, 2012).</summary>
    Exchange2012,
    /// <summary>Exchange 2013.</summary>
    Exchange2013,
    /// <summary>Exchange 2013 Service Pack 1 (the default).</summary>
    Exchange2013_SP1,
    /// <summary>Internal name (Exchange Online, 2015).</summary>
    Exchange2015,
    /// <summary>Exchange 2016 (also used by Exchange 2019 and SE).</summary>
    Exchange2016,
    /// <summary>Exchange Online build name.</summary>
    V2015_10_05,
    /// <summary>Exchange Online build name.</summary>
    V2016_01_06,
    /// <summary>Exchange Online build name.</summary>
    V2016_04_13,
    /// <summary>Exchange Online build name.</summary>
    V2016_07_13,
    /// <summary>Exchange Online build name.</summary>
    V2016_10_10,
    /// <summary>Exchange Online build name.</summary>
    V2017_01_07,
    /// <summary>Exchange Online build name.</summary>
    V2017_04_14,
    /// <summary>Exchange Online build name.</summary>
    V2017_07_11,
    /// <summary>Exchange Online build name.</summary>
    V2017_10_09,
    /// <summary>Exchange Online build name: the newest value in the schema.</summary>
    V2018_01_08,
}
