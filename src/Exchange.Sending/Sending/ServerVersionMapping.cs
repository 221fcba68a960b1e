namespace Exchange.Sending.Sending;

/// <summary>
/// The best <see cref="ExchangeVersion"/> for a server, from its <c>t:ServerVersionInfo</c> header: the <c>Version</c>
/// attribute when it names an <see cref="ExchangeVersion"/> value (gromox sends <c>V2017_07_11</c>, Exchange Online
/// <c>V2017_07_11</c> or newer), else the product's major and minor version (protocol-notes.md §5):
/// 8.x → Exchange2007_SP1; 14.0 → Exchange2010; 14.1 → Exchange2010_SP1; 14.2 and later (14.3 is SP3) → Exchange2010_SP2;
/// 15.0 → Exchange2013_SP1 from build 847 on (Exchange 2013 SP1 is 15.0.847), Exchange2013 before it;
/// 15.1 to 15.19 (Exchange 2016, 2019 is 15.2, SE) → Exchange2016; 15.20 and later (Exchange Online) and any later major → the
/// newest value. A numeric-only <c>Version</c> ("5") is not trusted as a name; internal names (<c>V2_23</c>) are not values.
/// </summary>
internal static class ServerVersionMapping
{
    /// <summary>The newest value of <see cref="ExchangeVersion"/>.</summary>
    internal const ExchangeVersion Newest = ExchangeVersion.V2018_01_08;

    /// <summary>Exchange 2013 SP1's build number (15.0.847).</summary>
    internal const int Exchange2013Sp1Build = 847;

    /// <summary>The best value for <paramref name="server"/>; <see langword="null"/> for no header or a version older than Exchange 2007 SP1's schema.</summary>
    public static ExchangeVersion? Recommend(ExchangeServerVersionInfo? server)
    {
        if (server is null)
        {
            return null;
        }

        if (FromName(server.Version) is { } named)
        {
            return named;
        }

        return (server.MajorVersion, server.MinorVersion) switch
        {
            (8, _) => ExchangeVersion.Exchange2007_SP1,
            (14, 0) => ExchangeVersion.Exchange2010,
            (14, 1) => ExchangeVersion.Exchange2010_SP1,
            (14, >= 2) => ExchangeVersion.Exchange2010_SP2,
            (15, 0) => server.MajorBuildNumber >= Exchange2013Sp1Build ? ExchangeVersion.Exchange2013_SP1 : ExchangeVersion.Exchange2013,
            (15, >= 1 and < 20) => ExchangeVersion.Exchange2016,
            (15, >= 20) => Newest,
            ( > 15, _) => Newest,
            _ => null,
        };
    }

    /// <summary>The value a <c>Version</c> attribute names exactly (case-sensitive, as the schema's enumeration), or <see langword="null"/>.</summary>
    internal static ExchangeVersion? FromName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetter(name[0]))
        {
            // Enum.TryParse would take "5" (or "-1") as a number.
            return null;
        }

        return Enum.TryParse<ExchangeVersion>(name, ignoreCase: false, out var version) && Enum.IsDefined(version) ? version : null;
    }

    // The values on-premises servers document, oldest first: a step down skips the internal Online names (Exchange2009, 2012, 2015).
    private static readonly ExchangeVersion[] Documented =
    [
        ExchangeVersion.Exchange2007_SP1, ExchangeVersion.Exchange2010, ExchangeVersion.Exchange2010_SP1, ExchangeVersion.Exchange2010_SP2,
        ExchangeVersion.Exchange2013, ExchangeVersion.Exchange2013_SP1, ExchangeVersion.Exchange2016,
    ];

    /// <summary>The documented value just below <paramref name="version"/> (an Online build name steps to Exchange2016),
    /// or <see langword="null"/> below Exchange2010.</summary>
    internal static ExchangeVersion? NextLower(ExchangeVersion version)
    {
        for (var i = Documented.Length - 1; i >= 0; i--)
        {
            if (Documented[i] < version)
            {
                return Documented[i];
            }
        }

        return null;
    }
}
