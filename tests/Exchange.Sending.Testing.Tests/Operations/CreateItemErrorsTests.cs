using System.Net;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>Server-side CreateItem errors that the schema does not catch come back as response messages (HTTP 200).</summary>
public sealed class CreateItemErrorsTests
{
    [Theory]
    [InlineData("SendOnly")]
    [InlineData("SendAndSaveCopy")]
    public async Task Send_without_recipients_is_ErrorInvalidRecipients(string disposition)
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem(disposition, Soap.Message(to: null)));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ResponseClass.Should().Be("Error");
        response.ResponseCode.Should().Be("ErrorInvalidRecipients");
        response.Find("Items", Soap.M).Should().NotBeNull("the schema requires an (empty) m:Items in the error message");
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Missing_MessageDisposition_is_ErrorMessageDispositionRequired()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var response = await server.PostAsync(Soap.CreateItem("", Soap.Message()));

        response.Status.Should().Be(HttpStatusCode.OK);
        response.ResponseCode.Should().Be("ErrorMessageDispositionRequired");
        response.MessageText.Should().NotBeNullOrEmpty();
        server.SentMessages.Should().BeEmpty();
    }

    [Fact]
    public async Task Each_item_of_a_batch_gets_its_own_response_message()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var items = Soap.Message(subject: "ok") + Soap.Message(subject: "no recipients", to: null);
        var response = await server.PostAsync(Soap.CreateItem("SendOnly", items));

        response.Messages.Select(m => m.Element(System.Xml.Linq.XName.Get("ResponseCode", Soap.M))!.Value)
            .Should().Equal("NoError", "ErrorInvalidRecipients");
        server.SentMessages.Should().ContainSingle().Which.Subject.Should().Be("ok");
    }

    [Fact]
    public async Task Invalid_extended_property_combination_is_ErrorInvalidExtendedProperty()
    {
        await using var server = await TestServers.WithoutSchemaAsync();

        var message = "<t:Message><t:Subject>s</t:Subject><t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId=\"InternetHeaders\" PropertyTag=\"0x1000\" PropertyType=\"String\"/><t:Value>v</t:Value></t:ExtendedProperty>" +
                      $"<t:ToRecipients>{Soap.Mailbox("a@example.com")}</t:ToRecipients></t:Message>";
        var response = await server.PostAsync(Soap.CreateItem("SendOnly", message));

        response.ResponseCode.Should().Be("ErrorInvalidExtendedProperty");
    }
}
