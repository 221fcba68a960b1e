namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>Without the XSD files the server's own code still enforces order, required elements and attributes.</summary>
public sealed class StructuralValidationWithoutSchemaTests
{
    [SkippableTheory]
    [InlineData("bad-order.xml", "invalid child element 'Subject'")]
    [InlineData("bad-extprop-no-type.xml", "'PropertyType'")]
    [InlineData("bad-disposition-content.xml", "MessageDisposition")]
    [InlineData("bad-version.xml", "Exchange2019")]
    public async Task Broken_sample_is_rejected_without_xsd(string sample, string mentioned)
    {
        var xml = TestSchema.Sample(sample);
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(xml);

        server.SchemaValidationEnabled.Should().BeFalse();
        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain(mentioned);
    }

    [Theory]
    [InlineData("<m:CreateItem MessageDisposition=\"SendOnly\"/>", "incomplete content")]
    [InlineData("<m:SendItem><m:ItemIds><t:ItemId Id=\"x\"/></m:ItemIds></m:SendItem>", "'SaveItemToFolder'")]
    [InlineData("<m:GetFolder><m:FolderIds><t:DistinguishedFolderId Id=\"inbox\"/></m:FolderIds></m:GetFolder>", "invalid child element 'FolderIds'")]
    [InlineData("<m:ResolveNames><m:UnresolvedEntry>a</m:UnresolvedEntry></m:ResolveNames>", "'ReturnFullContactData'")]
    [InlineData("<m:CreateAttachment><m:Attachments/></m:CreateAttachment>", "invalid child element 'Attachments'")]
    [InlineData("<m:DeleteItem DeleteType=\"HardDelete\"><m:ItemIds/></m:DeleteItem>", "incomplete content")]
    public async Task Incomplete_operation_is_rejected_without_xsd(string body, string mentioned)
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.Envelope(body));

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain(mentioned);
        response.Find("LineNumber")!.Value.Should().Be("1");
    }

    [Fact]
    public async Task Body_without_text_type_is_rejected()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var message = $"<t:Message><t:Subject>s</t:Subject><t:Body>b</t:Body><t:ToRecipients>{Soap.Mailbox("a@example.com")}</t:ToRecipients></t:Message>";

        var response = await server.PostAsync(Soap.CreateItem("SendOnly", message));

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Find("Violation")!.Value.Should().Contain("'BodyType'");
    }

    [Fact]
    public async Task Malformed_xml_is_a_schema_validation_fault()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>");

        response.FaultCode.Should().Be("ErrorSchemaValidation");
        response.Fault!.Element("faultstring")!.Value.Should().StartWith("The request failed schema validation: ");
    }
}
