namespace Exchange.Sending.Testing;

/// <summary>A <c>t:ExtendedProperty</c> as it arrived (the <c>t:ExtendedFieldURI</c> attributes and the value).</summary>
/// <param name="DistinguishedPropertySetId">E.g. <c>InternetHeaders</c>.</param>
/// <param name="PropertySetId">A property set GUID.</param>
/// <param name="PropertyTag">A MAPI property tag such as <c>0x0E07</c>.</param>
/// <param name="PropertyName">A named property's name, e.g. <c>X-Mailer-Id</c>.</param>
/// <param name="PropertyId">A named property's numeric id.</param>
/// <param name="PropertyType">The MAPI property type, e.g. <c>String</c>.</param>
/// <param name="Value">The <c>t:Value</c>; for <c>t:Values</c> the values joined with a line feed.</param>
public sealed record FakeEwsExtendedProperty(
    string? DistinguishedPropertySetId,
    string? PropertySetId,
    string? PropertyTag,
    string? PropertyName,
    int? PropertyId,
    string PropertyType,
    string? Value);
