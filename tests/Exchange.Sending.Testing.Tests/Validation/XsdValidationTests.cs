namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>With the XSD, violations the server's own checks do not know are caught too, with .NET's (= Exchange's) wording.</summary>
public sealed class XsdValidationTests
{
    [SkippableFact]
    public async Task Unknown_header_element_is_rejected_strictly()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var xml = Soap.GetFolder("IdOnly", "inbox").Replace("<soap:Header>", "<soap:Header><t:NoSuchHeader/>", StringComparison.Ordinal);

        var response = await server.PostAsync(xml);

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain("NoSuchHeader");
    }

    [SkippableFact]
    public async Task Invalid_value_deep_in_a_message_is_rejected()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var message = $"<t:Message><t:Subject>s</t:Subject><t:Importance>Urgent</t:Importance><t:ToRecipients>{Soap.Mailbox("a@example.com")}</t:ToRecipients></t:Message>";

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", message));

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain("Importance").And.Contain("Urgent");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Bad_base64_attachment_content_is_rejected_with_its_position()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var message = "<t:Message><t:Subject>s</t:Subject><t:Attachments><t:FileAttachment><t:Name>a</t:Name><t:Content>@@@@</t:Content></t:FileAttachment></t:Attachments>" +
                      $"<t:ToRecipients>{Soap.Mailbox("a@example.com")}</t:ToRecipients></t:Message>";

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", message));

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain("Content").And.Contain("base64Binary");
    }

    [SkippableFact]
    public async Task Duplicate_soap_header_is_ErrorDuplicateSOAPHeader()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var xml = Soap.GetFolder("IdOnly", "inbox").Replace("<soap:Header>", "<soap:Header><t:RequestServerVersion Version=\"Exchange2013\"/>", StringComparison.Ordinal);

        var response = await server.PostAsync(xml);

        response.FaultCode.Should().Be("ErrorDuplicateSOAPHeader");
    }
}
