namespace Exchange.Sending.Testing.Tests.Inspection;

/// <summary>The one-line summary the CLI prints.</summary>
public sealed class SentMessageToStringTests
{
    [Fact]
    public async Task Summary_names_subject_sender_recipients_attachments_and_disposition()
    {
        await using var server = await TestServers.WithoutSchemaAsync(o => o.Users.Add(new FakeEwsUser("me@example.com", "Me")));
        var message = Soap.Message(subject: "Hi there", attachmentsXml: Soap.FileAttachment("a.pdf", new byte[10]));
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", message));

        var text = server.SentMessages.Single().ToString();

        text.Should().Be("\"Hi there\" from me@example.com, to alice@example.com, 1 attachment(s): a.pdf (10 B) [SendAndSaveCopy → sentitems]");
    }
}
