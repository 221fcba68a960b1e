using System.Xml;
using System.Xml.Schema;
using Exchange.Sending.Testing.Internal;

namespace Exchange.Sending.Testing.Tests.Validation;

/// <summary>What the server answers is itself valid against Microsoft's schema (so clients parse real-shaped XML).</summary>
public sealed class ResponseSchemaTests
{
    [SkippableFact]
    public async Task Every_operation_response_validates_against_messages_xsd()
    {
        var dir = TestSchema.RequireDirectory();
        await using var server = await TestServers.WithSchemaAsync(o =>
        {
            o.Users.Add(new FakeEwsUser("alice@example.com", "Alice"));
            o.Users.Add(new FakeEwsUser("albert@example.com", "Albert"));
        });
        var draft = await server.PostAsync(Soap.CreateItem("SaveOnly", Soap.Message(attachmentsXml: Soap.FileAttachment("a", [1]))));
        var id = draft.Find("ItemId")!.Attribute("Id")!.Value;
        var attach = await server.PostAsync(Soap.CreateAttachment(id, null, Soap.FileAttachment("b", [2])));
        var key = attach.Find("AttachmentId")!.Attribute("RootItemChangeKey")!.Value;
        var responses = new List<EwsResponse>
        {
            draft,
            attach,
            await server.PostAsync(Soap.CreateAttachment("nope", null, Soap.FileAttachment("c", [3]))),
            await server.PostAsync(Soap.SendItem(id, key)),
            await server.PostAsync(Soap.SendItem(id, key)),
            await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message(to: null))),
            await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message())),
            await server.PostAsync(Soap.DeleteItem("nope")),
            await server.PostAsync(Soap.GetFolder("Default", "sentitems", "drafts")),
            await server.PostAsync(Soap.GetFolder("AllProperties", "root")),
            await server.PostAsync(Soap.ResolveNames("al", fullContact: true)),
            await server.PostAsync(Soap.ResolveNames("nobody")),
            await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Found", from: "alice@example.com", internetMessageId: "<found@example.com>"))),
            await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", "<found@example.com>"), shape: "AllProperties")),
            await server.PostAsync(Soap.FindItem(shape: "Default", additionalProperties: null, viewXml: null)),
            await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("item:Importance", "High"))),
            await server.PostAsync(Soap.FindItem(parentFoldersXml: "<t:FolderId Id=\"AAMkNoSuchFolder\"/>")),
        };
        responses[^4].FoundMessages.Should().ContainSingle("the FindItem response checked must hold an item");
        responses[^3].FoundMessages.Should().HaveCount(3, "Sent Items holds the sent draft and two copies");
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorServerBusy", messageXml: "<t:Value Name=\"BackOffMilliseconds\">1</t:Value>"));
        responses.Add(await server.PostAsync(Soap.CreateItem("SendOnly", Soap.Message())));
        server.EnqueueFault(FakeEwsFault.ResponseCode("ErrorServerBusy"), "FindItem");
        responses.Add(await server.PostAsync(Soap.FindItem()));

        foreach (var response in responses)
        {
            Validate(response.Text, dir).Should().BeEmpty(response.Text);
        }
    }

    private static List<string> Validate(string xml, string dir)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = EwsSchemaCache.Get(dir) };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
