namespace Exchange.Sending.Ews;

/// <summary>What the streaming reader took from an EWS response: the server version header, then either a SOAP
/// fault or the operation's response messages.</summary>
internal sealed class EwsResponse
{
    public ExchangeServerVersionInfo? ServerVersion { get; set; }

    /// <summary>The first element inside <c>soap:Body</c>: its local name when it is in the messages namespace
    /// (<c>CreateItemResponse</c>), else <c>{namespace}name</c>; <see langword="null"/> for an empty body.</summary>
    public string? BodyElement { get; set; }

    public EwsFault? Fault { get; set; }

    /// <summary><see langword="true"/> when <see cref="Fault"/> is the first and only kind of element in <c>soap:Body</c>.</summary>
    public bool FaultIsBody { get; set; }

    public List<EwsResponseMessage> Messages { get; } = [];
}

/// <summary>One <c>m:*ResponseMessage</c> (ResponseMessageType) and the ids the sending operations return.</summary>
internal sealed class EwsResponseMessage
{
    public string ResponseClass { get; set; } = "";
    /// <summary>The element's local name, e.g. <c>CreateItemResponseMessage</c>.</summary>
    public string ElementName { get; set; } = "";
    public string ResponseCode { get; set; } = "";
    /// <summary>How many <c>m:ResponseCode</c> elements the message had (the schema allows one).</summary>
    public int ResponseCodeCount { get; set; }
    public string? MessageText { get; set; }
    public string? MessageXml { get; set; }
    public long? BackOffMilliseconds { get; set; }
    public string? ItemId { get; set; }
    public string? ChangeKey { get; set; }
    public string? AttachmentId { get; set; }
    public string? RootItemId { get; set; }
    public string? RootItemChangeKey { get; set; }
    public string? FolderId { get; set; }

    /// <summary>ResolveNames: the <c>t:Mailbox</c> of each <c>t:Resolution</c> in <c>m:ResolutionSet</c>, in the server's order.</summary>
    public List<EwsResolvedMailbox> Resolutions { get; } = [];

    /// <summary>FindItem: the items of <c>m:RootFolder/t:Items</c>, in the server's order.</summary>
    public List<EwsFoundItem> FoundItems { get; } = [];

    public bool IsSuccess => ResponseClass == "Success";
}

/// <summary>One item FindItem returned, with the properties <see cref="FindItemOperation"/> asks for.</summary>
internal sealed class EwsFoundItem
{
    /// <summary>The item element's local name: <c>Message</c>, <c>Item</c>…</summary>
    public string ItemClass { get; set; } = "";
    public string? ItemId { get; set; }
    public string? ChangeKey { get; set; }
    public string? Subject { get; set; }
    public string? InternetMessageId { get; set; }
    public DateTimeOffset? DateTimeSent { get; set; }
    public DateTimeOffset? DateTimeCreated { get; set; }
}

/// <summary>A SOAP 1.1 fault; EWS puts its code in <c>faultcode</c> (types namespace) and in <c>detail/e:ResponseCode</c>.</summary>
internal sealed class EwsFault
{
    public string? FaultCode { get; set; }
    public string? FaultString { get; set; }
    public string? ResponseCode { get; set; }
    public string? Message { get; set; }
    public string? MessageXml { get; set; }
    public long? BackOffMilliseconds { get; set; }

    /// <summary>The EWS code: <c>detail/ResponseCode</c>, else the local part of <c>faultcode</c> when it is an EWS code.</summary>
    public string Code
    {
        get
        {
            if (!string.IsNullOrEmpty(ResponseCode))
            {
                return ResponseCode;
            }

            var local = FaultCode is null ? "" : FaultCode[(FaultCode.IndexOf(':') + 1)..];
            return local.StartsWith("Error", StringComparison.Ordinal) ? local : "";
        }
    }
}

/// <summary>One mailbox ResolveNames returned (<c>t:Resolution/t:Mailbox</c>: <c>t:Name</c>, <c>t:EmailAddress</c>).</summary>
internal sealed class EwsResolvedMailbox
{
    public string? Name { get; set; }
    public string? EmailAddress { get; set; }
}
