using System.Xml.Linq;

namespace Exchange.Sending.Testing.Tests.Operations;

/// <summary>FindItem finds a sent or saved message by its Message-ID, in Sent Items and Drafts, as a client resolving an unclear send does.</summary>
public sealed class FindItemTests
{
    private const string Id = "<order-42.7f3a@mailer.example.com>";
    private static readonly XNamespace T = Soap.T;

    [SkippableFact]
    public async Task Message_sent_with_a_copy_is_found_in_sent_items_by_its_exact_message_id()
    {
        await using var server = await TestServers.WithSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Other", internetMessageId: "<other@mailer.example.com>")));
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(subject: "Order 42", internetMessageId: Id)));

        var response = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id)));

        response.ResponseClass.Should().Be("Success", response.Text);
        response.ResponseCode.Should().Be("NoError");
        response.RootFolder!.Attribute("TotalItemsInView")!.Value.Should().Be("1");
        response.RootFolder.Attribute("IncludesLastItemInRange")!.Value.Should().Be("true");
        var found = response.FoundMessages.Should().ContainSingle().Subject;
        var stored = server.GetFolderItems("sentitems").Single(m => m.InternetMessageId == Id);
        found.Element(T + "ItemId")!.Attribute("Id")!.Value.Should().Be(stored.ItemId);
        found.Element(T + "ItemId")!.Attribute("ChangeKey")!.Value.Should().Be(stored.ChangeKey);
        found.Element(T + "InternetMessageId")!.Value.Should().Be(Id);
        found.Element(T + "Subject")!.Value.Should().Be("Order 42");
        DateTimeOffset.Parse(found.Element(T + "DateTimeSent")!.Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(stored.DateTimeSent!.Value);
        DateTimeOffset.Parse(found.Element(T + "DateTimeCreated")!.Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(stored.DateTimeCreated!.Value);
        found.Elements().Select(e => e.Name.LocalName).Should().Equal("ItemId", "Subject", "DateTimeSent", "DateTimeCreated", "InternetMessageId");
    }

    [SkippableFact]
    public async Task Message_id_matching_is_case_sensitive_and_needs_the_angle_brackets()
    {
        await using var server = await TestServers.WithSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(internetMessageId: Id)));

        var upper = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id.ToUpperInvariant())));
        var bare = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id.Trim('<', '>'))));
        var exact = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id)));

        upper.ResponseCode.Should().Be("NoError");
        upper.RootFolder!.Attribute("TotalItemsInView")!.Value.Should().Be("0");
        upper.FoundMessages.Should().BeEmpty();
        bare.FoundMessages.Should().BeEmpty();
        exact.FoundMessages.Should().ContainSingle();
    }

    [SkippableFact]
    public async Task Draft_is_found_in_drafts_and_not_in_sent_items()
    {
        await using var server = await TestServers.WithSchemaAsync();
        var (draftId, _) = await server.CreateDraftAsync(Soap.Message(subject: "Draft", internetMessageId: Id));

        var drafts = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id), folder: "drafts", shape: "AllProperties"));
        var sent = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id)));

        var found = drafts.FoundMessages.Should().ContainSingle().Subject;
        found.Element(T + "ItemId")!.Attribute("Id")!.Value.Should().Be(draftId);
        found.Element(T + "IsDraft")!.Value.Should().Be("true");
        found.Element(T + "DateTimeSent").Should().BeNull("a draft that was never sent has no sent time");
        found.Element(T + "DateTimeCreated").Should().NotBeNull();
        sent.FoundMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Draft_sent_with_SendItem_moves_to_sent_items_keeping_its_creation_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = await TestServers.WithSchemaAsync(o => o.TimeProvider = clock);
        var (draftId, changeKey) = await server.CreateDraftAsync(Soap.Message(internetMessageId: Id));
        clock.Advance(TimeSpan.FromMinutes(3));

        await server.PostAsync(Soap.SendItem(draftId, changeKey));
        var drafts = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id), folder: "drafts"));
        var sent = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id)));

        drafts.FoundMessages.Should().BeEmpty();
        var found = sent.FoundMessages.Should().ContainSingle().Subject;
        found.Element(T + "DateTimeCreated")!.Value.Should().Be("2026-05-01T08:00:00Z");
        found.Element(T + "DateTimeSent")!.Value.Should().Be("2026-05-01T08:03:00Z");
    }

    [SkippableFact]
    public async Task Sent_items_copy_is_invisible_until_the_filing_delay_has_passed()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        await using var server = await TestServers.WithSchemaAsync(o =>
        {
            o.TimeProvider = clock;
            o.SentItemsFilingDelay = TimeSpan.FromSeconds(30);
        });
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(internetMessageId: Id)));
        var find = Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id));

        var atOnce = await server.PostAsync(find);
        clock.Advance(TimeSpan.FromSeconds(29));
        var almost = await server.PostAsync(find);
        clock.Advance(TimeSpan.FromSeconds(1));
        var filed = await server.PostAsync(find);

        atOnce.FoundMessages.Should().BeEmpty();
        atOnce.RootFolder!.Attribute("TotalItemsInView")!.Value.Should().Be("0");
        almost.FoundMessages.Should().BeEmpty();
        filed.FoundMessages.Should().ContainSingle();
        server.SentMessages.Should().ContainSingle("the message itself went out at once");
        server.GetFolderItems("sentitems").Should().ContainSingle("only FindItem waits for the filing");
    }

    [SkippableFact]
    public async Task Filing_delay_does_not_hide_drafts()
    {
        await using var server = await TestServers.WithSchemaAsync(o => o.SentItemsFilingDelay = TimeSpan.FromHours(1));
        await server.CreateDraftAsync(Soap.Message(internetMessageId: Id));

        var drafts = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id), folder: "drafts"));

        drafts.FoundMessages.Should().ContainSingle();
    }

    [SkippableFact]
    public async Task Gromox_emulation_finds_the_same_way()
    {
        var options = FakeEwsServerOptions.EmulateGromox();
        options.Users.Add(new FakeEwsUser("svc@example.com", "Service", "svc", "secret"));
        options.SchemaDirectory = TestSchema.RequireDirectory();
        options.RequireSchemaValidation = true;
        await using var server = await FakeEwsServer.StartAsync(options);
        var basic = "Basic " + Convert.ToBase64String("svc:secret"u8.ToArray());
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(internetMessageId: Id)), authorization: basic);

        var response = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id)), authorization: basic);

        response.FoundMessages.Should().ContainSingle().Which.Element(T + "InternetMessageId")!.Value.Should().Be(Id);
    }

    [SkippableFact]
    public async Task Mailbox_child_selects_that_mailboxs_folder()
    {
        await using var server = await TestServers.WithSchemaAsync(o =>
        {
            o.Users.Add(new FakeEwsUser("alice@example.com", "Alice"));
            o.Users.Add(new FakeEwsUser("bob@example.com", "Bob"));
        });
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(internetMessageId: Id))); // anonymous caller: alice

        var alice = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id),
            parentFoldersXml: "<t:DistinguishedFolderId Id=\"sentitems\"><t:Mailbox><t:EmailAddress>alice@example.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>"));
        var bob = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id),
            parentFoldersXml: "<t:DistinguishedFolderId Id=\"sentitems\"><t:Mailbox><t:EmailAddress>bob@example.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>"));
        var nobody = await server.PostAsync(Soap.FindItem(Soap.IsEqualTo("message:InternetMessageId", Id),
            parentFoldersXml: "<t:DistinguishedFolderId Id=\"sentitems\"><t:Mailbox><t:EmailAddress>carol@example.com</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>"));

        alice.FoundMessages.Should().ContainSingle();
        bob.ResponseCode.Should().Be("NoError");
        bob.FoundMessages.Should().BeEmpty();
        nobody.ResponseCode.Should().Be("ErrorNonExistentMailbox");
        nobody.RootFolder.Should().BeNull();
    }

    [SkippableFact]
    public async Task Folder_ids_from_GetFolder_work_and_unknown_ones_are_ErrorFolderNotFound()
    {
        await using var server = await TestServers.WithSchemaAsync();
        await server.PostAsync(Soap.CreateItem("SendAndSaveCopy", Soap.Message(internetMessageId: Id)));
        var folderId = (await server.PostAsync(Soap.GetFolder("IdOnly", "sentitems"))).Find("FolderId")!.Attribute("Id")!.Value;

        var response = await server.PostAsync(Soap.FindItem(
            Soap.IsEqualTo("message:InternetMessageId", Id),
            parentFoldersXml: $"<t:FolderId Id=\"{folderId}\"/><t:FolderId Id=\"AAMkNoSuchFolder\"/><t:DistinguishedFolderId Id=\"drafts\"/>"));

        response.Messages.Select(m => m.Element(XName.Get("ResponseCode", Soap.M))!.Value).Should().Equal("NoError", "ErrorFolderNotFound", "NoError");
        response.FoundMessages.Should().ContainSingle();
    }
}
