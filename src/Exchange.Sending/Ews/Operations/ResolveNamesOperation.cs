namespace Exchange.Sending.Ews;

/// <summary>
/// EWS <c>ResolveNames</c> of one SMTP address against the directory (<c>SearchScope="ActiveDirectory"</c>, no contact data):
/// how the connection check finds out whether <c>SenderAddress</c> is a mailbox
/// (https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/resolvenames-operation). The entry
/// carries the <c>SMTP:</c> prefix, so that Exchange matches the address exactly instead of by ambiguous name resolution.
/// One hit is Success, several Warning <c>ErrorNameResolutionMultipleResults</c>, none Error <c>ErrorNameResolutionNoResults</c>.
/// </summary>
internal sealed class ResolveNamesOperation(string address) : IEwsOperation
{
    public string Name => "ResolveNames";

    public string Address => address;

    public long AttachmentBytes => 0;

    public bool HasSingleUseContent => false;

    public Task WriteBodyAsync(EwsXmlOutput output, CancellationToken cancellationToken)
    {
        var w = output.Writer;
        w.WriteStartElement("m", "ResolveNames", EwsNames.Messages);
        w.WriteAttributeString("ReturnFullContactData", "false");
        w.WriteAttributeString("SearchScope", "ActiveDirectory");
        w.WriteElementString("m", "UnresolvedEntry", EwsNames.Messages, "SMTP:" + address);
        w.WriteEndElement();
        return Task.CompletedTask;
    }
}
