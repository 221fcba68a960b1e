using Exchange.Sending.Sending;
using FluentAssertions;

namespace Exchange.Sending.Tests.Sending;

/// <summary>ServerVersionInfo → the best Version: by a Version attribute that names a value, else by product version.</summary>
public class ServerVersionMappingTests
{
    [Theory]
    // gromox's fixed header, and Exchange Online's: the Version attribute names a value.
    [InlineData(15, 0, 847, 4040, "V2017_07_11", ExchangeVersion.V2017_07_11)]
    [InlineData(15, 20, 5, 1, "V2017_07_11", ExchangeVersion.V2017_07_11)]
    [InlineData(14, 3, 123, 4, "Exchange2010_SP2", ExchangeVersion.Exchange2010_SP2)]
    [InlineData(15, 1, 2507, 6, "Exchange2013_SP1", ExchangeVersion.Exchange2013_SP1)]
    // By major and minor version when the attribute is absent or not a value name.
    [InlineData(8, 1, 240, 6, null, ExchangeVersion.Exchange2007_SP1)]
    [InlineData(8, 3, 83, 6, "V2_3", ExchangeVersion.Exchange2007_SP1)]
    [InlineData(14, 0, 639, 21, null, ExchangeVersion.Exchange2010)]
    [InlineData(14, 1, 218, 15, null, ExchangeVersion.Exchange2010_SP1)]
    [InlineData(14, 2, 247, 5, "V2_5", ExchangeVersion.Exchange2010_SP2)]
    [InlineData(14, 3, 123, 4, null, ExchangeVersion.Exchange2010_SP2)]
    [InlineData(15, 0, 516, 32, "V2_6", ExchangeVersion.Exchange2013)]
    [InlineData(15, 0, 846, 0, null, ExchangeVersion.Exchange2013)]
    [InlineData(15, 0, 847, 32, "V2_11", ExchangeVersion.Exchange2013_SP1)]
    [InlineData(15, 0, 1497, 2, null, ExchangeVersion.Exchange2013_SP1)]
    [InlineData(15, 1, 2507, 6, "V2_23", ExchangeVersion.Exchange2016)]
    [InlineData(15, 2, 1544, 4, null, ExchangeVersion.Exchange2016)]   // Exchange 2019 uses the Exchange2016 schema
    [InlineData(15, 20, 7719, 19, null, ExchangeVersion.V2018_01_08)]  // Exchange Online: the newest value
    // A numeric-only Version attribute is not trusted as a name (Enum.TryParse would read "5" as Exchange2010_SP2).
    [InlineData(15, 1, 2507, 6, "5", ExchangeVersion.Exchange2016)]
    [InlineData(14, 0, 639, 21, "19", ExchangeVersion.Exchange2010)]
    // Case matters, as in the schema's enumeration.
    [InlineData(14, 1, 218, 15, "exchange2016", ExchangeVersion.Exchange2010_SP1)]
    public void Maps_server_version_info_to_the_best_version(int major, int minor, int build, int revision, string? version, ExchangeVersion expected) =>
        ServerVersionMapping.Recommend(new ExchangeServerVersionInfo(major, minor, build, revision, version)).Should().Be(expected);

    [Theory]
    [InlineData(6, 5)]
    [InlineData(0, 0)]
    public void A_version_older_than_the_schema_has_no_value(int major, int minor) =>
        ServerVersionMapping.Recommend(new ExchangeServerVersionInfo(major, minor, 0, 0, null)).Should().BeNull();

    [Fact]
    public void No_header_has_no_value() => ServerVersionMapping.Recommend(null).Should().BeNull();

    [Theory]
    [InlineData(ExchangeVersion.V2018_01_08, ExchangeVersion.Exchange2016)]
    [InlineData(ExchangeVersion.Exchange2016, ExchangeVersion.Exchange2013_SP1)]
    [InlineData(ExchangeVersion.Exchange2015, ExchangeVersion.Exchange2013_SP1)]
    [InlineData(ExchangeVersion.Exchange2013_SP1, ExchangeVersion.Exchange2013)]
    [InlineData(ExchangeVersion.Exchange2013, ExchangeVersion.Exchange2010_SP2)]
    [InlineData(ExchangeVersion.Exchange2010_SP2, ExchangeVersion.Exchange2010_SP1)]
    [InlineData(ExchangeVersion.Exchange2010, ExchangeVersion.Exchange2007_SP1)]
    public void Steps_down_to_the_next_documented_value(ExchangeVersion from, ExchangeVersion expected) =>
        ServerVersionMapping.NextLower(from).Should().Be(expected);

    [Fact]
    public void Nothing_is_below_the_oldest_value() => ServerVersionMapping.NextLower(ExchangeVersion.Exchange2007_SP1).Should().BeNull();
}
