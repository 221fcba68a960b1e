namespace Exchange.Sending.Testing.Tests.Inspection;

/// <summary>Every field of the t:Message in Microsoft's full sample arrives in the typed record.</summary>
public sealed class SentMessageFieldsTests
{
    [SkippableFact]
    public async Task Full_sample_fields_are_recorded()
    {
        await using var server = await TestServers.WithSchemaAsync(o => o.Users.Add(new FakeEwsUser("me@example.com", "Me")));
        server.GrantSendAs("me@example.com", "shared@example.com");

        await server.PostAsync(TestSchema.Sample("createitem-full.xml"));

        var m = server.SentMessages.Should().ContainSingle().Subject;
        m.Subject.Should().Be("Quarterly report");
        m.BodyType.Should().Be("HTML");
        m.Body.Should().Contain("<img src=\"cid:logo@example\">");
        m.Importance.Should().Be("High");
        m.IsReadReceiptRequested.Should().BeFalse();
        m.IsDeliveryReceiptRequested.Should().BeNull();
        m.ToRecipients.Should().Equal(new FakeEwsMailbox("Alice", "alice@example.com"));
        m.CcRecipients.Should().Equal(new FakeEwsMailbox(null, "bob@example.com"));
        m.BccRecipients.Should().Equal(new FakeEwsMailbox(null, "carol@example.com"));
        m.From.Should().Be(new FakeEwsMailbox(null, "shared@example.com"));
        m.ReplyTo.Should().Equal(new FakeEwsMailbox(null, "noreply@example.com"));
        m.InternetHeaders.Should().ContainKey("x-mailer-id").WhoseValue.Should().Be("ews-client-test-42");
        m.ExtendedProperties.Should().ContainSingle().Which.PropertyType.Should().Be("String");
        var a = m.Attachments.Should().ContainSingle().Subject;
        a.Name.Should().Be("report.txt");
        a.ContentType.Should().Be("text/plain");
        a.ContentId.Should().Be("logo@example");
        a.IsInline.Should().BeFalse();
        System.Text.Encoding.ASCII.GetString(a.Content!).Should().Be("Hello attachment\n");
        a.Length.Should().Be(17);
        m.RequestServerVersion.Should().Be("Exchange2013_SP1");
        m.AuthenticatedUser.Should().Be("me@example.com");
    }

    [Fact]
    public async Task Subset_fields_categories_sensitivity_and_receipts_are_recorded()
    {
        await using var server = await TestServers.WithoutSchemaAsync();
        var message = "<t:Message><t:Subject>s &amp; &lt;t&gt; — тест</t:Subject><t:Sensitivity>Confidential</t:Sensitivity><t:Body BodyType=\"Text\">b</t:Body>" +
                      "<t:Categories><t:String>Red</t:String><t:String>Blue</t:String></t:Categories><t:Importance>Low</t:Importance>" +
                      $"<t:ToRecipients>{Soap.Mailbox("a@example.com", "Ärger, \"Quote\" &amp; Co")}</t:ToRecipients>" +
                      "<t:IsReadReceiptRequested>true</t:IsReadReceiptRequested><t:IsDeliveryReceiptRequested>1</t:IsDeliveryReceiptRequested></t:Message>";

        await server.PostAsync(Soap.CreateItem("SendOnly", message));

        var m = server.SentMessages.Single();
        m.Subject.Should().Be("s & <t> — тест");
        m.Sensitivity.Should().Be("Confidential");
        m.Categories.Should().Equal("Red", "Blue");
        m.Importance.Should().Be("Low");
        m.IsReadReceiptRequested.Should().BeTrue();
        m.IsDeliveryReceiptRequested.Should().BeTrue();
        m.ToRecipients.Single().Name.Should().Be("Ärger, \"Quote\" & Co");
    }
}
