namespace Exchange.Sending.Ews;

/// <summary>Namespaces and fixed names of the EWS SOAP contract (Services.wsdl, types.xsd, messages.xsd).</summary>
internal static class EwsNames
{
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Types = "http://schemas.microsoft.com/exchange/services/2006/types";
    public const string Messages = "http://schemas.microsoft.com/exchange/services/2006/messages";
    public const string Errors = "http://schemas.microsoft.com/exchange/services/2006/errors";

    /// <summary>SOAPAction of an operation, as Services.wsdl declares it.</summary>
    public static string SoapAction(string operation) => Messages + "/" + operation;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> QuotedSoapActions = new(StringComparer.Ordinal);

    /// <summary>The <c>SOAPAction</c> header value of an operation, in quotes, made once per operation name.</summary>
    public static string QuotedSoapAction(string operation) => QuotedSoapActions.GetOrAdd(operation, static name => "\"" + SoapAction(name) + "\"");

    /// <summary>The <c>t:ExchangeVersionType</c> wire name of a version: the only place the enum becomes a string.</summary>
    public static string VersionName(ExchangeVersion version) => version switch
    {
        >= ExchangeVersion.Exchange2007_SP1 and <= ExchangeVersion.V2018_01_08 => version.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Not an EWS RequestServerVersion value."),
    };

    /// <summary>Attachments may travel inside CreateItem from Exchange2010_SP2 on (protocol-notes.md §13).</summary>
    public static bool SupportsAttachmentsInCreateItem(ExchangeVersion version) => version >= ExchangeVersion.Exchange2010_SP2;
}
