namespace Exchange.Sending;

/// <summary>The server's <c>t:ServerVersionInfo</c> SOAP header: build numbers and the schema version it reports.</summary>
/// <param name="MajorVersion">8 = Exchange 2007, 14 = 2010, 15 = 2013 and later.</param>
/// <param name="MinorVersion">For 15: 0 = 2013, 1 = 2016, 2 = 2019; 20 = Exchange Online.</param>
/// <param name="MajorBuildNumber">Major build number.</param>
/// <param name="MinorBuildNumber">Minor build number.</param>
/// <param name="Version">Schema version name as the server reports it (a free string such as <c>V2017_07_11</c>; not always an <see cref="ExchangeVersion"/> name).</param>
public sealed record ExchangeServerVersionInfo(int MajorVersion, int MinorVersion, int MajorBuildNumber, int MinorBuildNumber, string? Version)
{
    /// <summary><c>15.1.2507.6 (V2017_07_11)</c>.</summary>
    public override string ToString() => $"{MajorVersion}.{MinorVersion}.{MajorBuildNumber}.{MinorBuildNumber}{(Version is null ? "" : $" ({Version})")}";
}
