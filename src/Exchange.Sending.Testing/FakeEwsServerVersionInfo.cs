namespace Exchange.Sending.Testing;

/// <summary>The <c>t:ServerVersionInfo</c> SOAP header the server puts on its SOAP responses.</summary>
/// <param name="MajorVersion">15 = Exchange 2013 and later.</param>
/// <param name="MinorVersion">0 = 2013, 1 = 2016, 2 = 2019.</param>
/// <param name="MajorBuildNumber">Build number.</param>
/// <param name="MinorBuildNumber">Revision.</param>
/// <param name="Version">Free-form schema version name, e.g. <c>V2017_07_11</c>.</param>
public sealed record FakeEwsServerVersionInfo(int MajorVersion, int MinorVersion, int MajorBuildNumber, int MinorBuildNumber, string Version);
