namespace Exchange.Sending.Testing.Internal;

/// <summary>Namespace URIs and fixed names of the EWS wire format.</summary>
internal static class EwsNames
{
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Types = "http://schemas.microsoft.com/exchange/services/2006/types";
    public const string Messages = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public const string Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";
    public const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    public const string Xsd = "http://www.w3.org/2001/XMLSchema";
    public const string Xmlns = "http://www.w3.org/2000/xmlns/";

    /// <summary><c>t:ExchangeVersionType</c> in schema order (oldest first).</summary>
    public static readonly IReadOnlyList<string> Versions =
    [
        "Exchange2007", "Exchange2007_SP1", "Exchange2009", "Exchange2010", "Exchange2010_SP1", "Exchange2010_SP2",
        "Exchange2012", "Exchange2013", "Exchange2013_SP1", "Exchange2015", "Exchange2016", "V2015_10_05",
        "V2016_01_06", "V2016_04_13", "V2016_07_13", "V2016_10_10", "V2017_01_07", "V2017_04_14", "V2017_07_11",
        "V2017_10_09", "V2018_01_08",
    ];

    /// <summary>Index of a version in <see cref="Versions"/>, or -1.</summary>
    public static int VersionRank(string? version)
    {
        if (version is null)
        {
            return -1;
        }

        for (var i = 0; i < Versions.Count; i++)
        {
            if (string.Equals(Versions[i], version, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
