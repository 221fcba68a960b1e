using Exchange.Sending.Testing;
using Exchange.Sending.Tests.Support;
using FluentAssertions;
using Microsoft.Extensions.Options;

namespace Exchange.Sending.Tests.Integration;

/// <summary>
/// Shared mailboxes over real HTTP to the bundled server: send on behalf (<c>t:Sender</c> / the MIME <c>Sender</c> header) and
/// where the saved copy goes (<c>SavedItemFolderId</c> with a <c>t:Mailbox</c>, a distinguished folder, a <c>FolderId</c>), per
/// connection and per message. Every request is validated against the EWS schema by the server.
/// </summary>
public class SharedMailboxTests
{
    private const string Shared = "shared@example.com";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Task<FakeEwsServer> StartAsync() =>
        ServerFixture.StartAsync(o => o.Users.Add(new FakeEwsUser(Shared, "Shared Mailbox", "shared", "other-secret")));

    private static ExchangeMailMessage Message(string subject) =>
        new() { Subject = subject, Body = ExchangeMessageBody.Text("x"), To = { new ExchangeMailbox("alice@example.com") } };

    [SkippableTheory]
    [InlineData(ExchangeMessageFormat.Items)]
    [InlineData(ExchangeMessageFormat.Mime)]
    public async Task A_message_sent_on_behalf_arrives_from_the_shared_mailbox_sent_by_the_account(ExchangeMessageFormat format)
    {
        await using var server = await StartAsync();
        server.GrantSendOnBehalf(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = format;
            o.SenderAddress = Shared;
            o.SenderName = "Shared Mailbox";
            o.SentByAddress = ServerFixture.AccountAddress;
            o.SentByName = "Sender Account";
        });

        await sender.SendAsync(Message("on behalf"));
        var received = await server.WaitForMessageAsync(Wait);

        received.From.Should().Be(new FakeEwsMailbox("Shared Mailbox", Shared));
        received.Sender.Should().Be(new FakeEwsMailbox("Sender Account", ServerFixture.AccountAddress));
        if (format == ExchangeMessageFormat.Mime)
        {
            received.MimeHeaders.Should().Contain(h => h.Key == "Sender" && h.Value.Contains(ServerFixture.AccountAddress));
        }
    }

    [SkippableFact]
    public async Task Without_Send_on_Behalf_or_Send_As_the_server_refuses_and_the_error_names_both_rights()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server, o => { o.SenderAddress = Shared; o.SentByAddress = ServerFixture.AccountAddress; });

        var act = () => sender.SendAsync(Message("refused"));

        var error = (await act.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorSendAsDenied);
        error.Message.Should().Contain("Send As").And.Contain("Send on Behalf");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_Sender_the_account_may_not_send_as_is_refused()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server);
        var message = Message("forged sender");
        message.Sender = new ExchangeMailbox(Shared);

        var act = () => sender.SendAsync(message);

        (await act.Should().ThrowAsync<ExchangeServiceException>()).Which.ResponseCode.Should().Be(ExchangeResponseCode.ErrorSendAsDenied);
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_message_Sender_overrides_the_connection_and_one_equal_to_From_is_not_written()
    {
        await using var server = await StartAsync();
        server.GrantSendOnBehalf(ServerFixture.AccountAddress, Shared);
        server.GrantSendAs(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o => o.SentByAddress = Shared);

        var own = Message("sender equals from");
        own.From = new ExchangeMailbox(Shared);
        await sender.SendAsync(own);
        var first = await server.WaitForMessageAsync(Wait);

        var overridden = Message("message sender");
        overridden.From = new ExchangeMailbox(Shared);
        overridden.Sender = new ExchangeMailbox(ServerFixture.AccountAddress, "Robot");
        await sender.SendAsync(overridden);
        var second = await server.WaitForMessageAsync(Wait);

        first.Sender.Should().BeNull("the connection's SentByAddress is the From address itself: no t:Sender, and Send As applies");
        second.Sender.Should().Be(new FakeEwsMailbox("Robot", ServerFixture.AccountAddress));
    }

    [SkippableTheory]
    [InlineData(ExchangeMessageFormat.Items)]
    [InlineData(ExchangeMessageFormat.Mime)]
    public async Task SenderSentItems_files_the_copy_in_the_shared_mailbox_and_not_in_the_account(ExchangeMessageFormat format)
    {
        await using var server = await StartAsync();
        server.GrantSendAs(ServerFixture.AccountAddress, Shared);
        server.GrantMailboxAccess(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.MessageFormat = format;
            o.SenderAddress = Shared;
            o.SaveCopyLocation = ExchangeSavedCopyLocation.SenderSentItems;
        });

        var result = await sender.SendAsync(Message("copy in shared"));

        result.MessageDisposition.Should().Be(ExchangeMessageDisposition.SendAndSaveCopy);
        server.GetFolderItems("sentitems", Shared).Should().ContainSingle().Which.Subject.Should().Be("copy in shared");
        server.GetFolderItems("sentitems", ServerFixture.AccountAddress).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task SenderSentItems_without_access_to_the_mailbox_is_refused_with_the_fix()
    {
        await using var server = await StartAsync();
        server.GrantSendAs(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o => { o.SenderAddress = Shared; o.SaveCopyLocation = ExchangeSavedCopyLocation.SenderSentItems; });

        var act = () => sender.SendAsync(Message("no access"));

        var error = (await act.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorAccessDenied);
        error.Message.Should().Contain("SaveCopyLocation");
        server.SentMessages.Should().BeEmpty();
    }

    [SkippableTheory]
    [InlineData("inbox", "inbox")]
    [InlineData("Drafts", "drafts")]
    public async Task A_distinguished_folder_receives_the_copy(string configured, string expected)
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server, o => { o.SaveCopyLocation = ExchangeSavedCopyLocation.Folder; o.SaveCopyFolder = configured; });

        await sender.SendAsync(Message("copy in folder"));

        server.SentMessages.Should().ContainSingle().Which.SavedItemFolder.Should().Be(expected);
        server.GetFolderItems(expected).Should().ContainSingle().Which.Subject.Should().Be("copy in folder");
        server.GetFolderItems("sentitems").Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_FolderId_receives_the_copy_and_a_message_override_wins_over_the_connection()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server, o => { o.SaveCopyLocation = ExchangeSavedCopyLocation.Folder; o.SaveCopyFolder = "inbox"; });
        var message = Message("copy by id");
        message.SaveCopyTo = ExchangeSavedCopyFolder.Folder(FakeEwsServer.FolderIdOf("deleteditems"));

        await sender.SendAsync(message);
        await sender.SendAsync(Message("copy by connection"));

        server.GetFolderItems("deleteditems").Should().ContainSingle().Which.Subject.Should().Be("copy by id");
        server.GetFolderItems("inbox").Should().ContainSingle().Which.Subject.Should().Be("copy by connection");
    }

    [SkippableFact]
    public async Task A_message_asking_for_a_copy_on_a_SendOnly_connection_gets_one()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server, o => o.SaveCopyToSentItems = false);
        var message = Message("copy anyway");
        message.SaveCopyTo = ExchangeSavedCopyFolder.AccountSentItems;

        var result = await sender.SendAsync(message);
        await sender.SendAsync(Message("no copy"));

        result.MessageDisposition.Should().Be(ExchangeMessageDisposition.SendAndSaveCopy);
        server.GetFolderItems("sentitems").Select(m => m.Subject).Should().Equal("copy anyway");
        server.SentMessages.Select(m => m.MessageDisposition).Should().Equal("SendAndSaveCopy", "SendOnly");
    }

    [SkippableFact]
    public async Task The_three_call_path_saves_the_copy_where_asked_and_keeps_the_Sender()
    {
        await using var server = await StartAsync();
        server.GrantSendOnBehalf(ServerFixture.AccountAddress, Shared);
        server.GrantMailboxAccess(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.Version = ExchangeVersion.Exchange2010_SP1;
            o.SenderAddress = Shared;
            o.SentByAddress = ServerFixture.AccountAddress;
            o.SaveCopyLocation = ExchangeSavedCopyLocation.SenderSentItems;
        });
        var message = Message("three calls");
        message.Attachments.Add(ExchangeAttachment.FromBytes("a.txt", "abc"u8.ToArray(), "text/plain"));

        var result = await sender.SendAsync(message);
        var received = await server.WaitForMessageAsync(Wait);

        result.RequestCount.Should().Be(3);
        received.Sender!.Address.Should().Be(ServerFixture.AccountAddress);
        server.GetFolderItems("sentitems", Shared).Should().ContainSingle();
    }

    [SkippableFact]
    public async Task FindSentMessageAsync_searches_where_the_connection_saves_copies()
    {
        await using var server = await StartAsync();
        server.GrantSendAs(ServerFixture.AccountAddress, Shared);
        server.GrantMailboxAccess(ServerFixture.AccountAddress, Shared);
        using var sender = ServerFixture.Sender(server, o => { o.SenderAddress = Shared; o.SaveCopyLocation = ExchangeSavedCopyLocation.SenderSentItems; });
        var result = await sender.SendAsync(Message("find me"));

        var found = await sender.FindSentMessageAsync(result.InternetMessageId, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.Zero });
        var inAccount = await sender.FindSentMessageAsync(result.InternetMessageId,
            new ExchangeMessageLookupOptions { FilingTime = TimeSpan.Zero, Folder = ExchangeSavedCopyFolder.AccountSentItems });

        found.Status.Should().Be(ExchangeMessageLookupStatus.Sent);
        found.Explanation.Should().Contain("the Sent Items of " + Shared);
        inAccount.Status.Should().Be(ExchangeMessageLookupStatus.NotFound, "the copy is not in the account's own Sent Items");
    }

    [SkippableFact]
    public async Task An_unknown_outcome_is_resolved_in_the_folder_the_copy_went_to_and_not_sent_twice()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server, o =>
        {
            o.SaveCopyLocation = ExchangeSavedCopyLocation.Folder;
            o.SaveCopyFolder = "inbox";
            o.ResolveUnknownOutcomes = true;
            o.SentItemsFilingTime = TimeSpan.FromSeconds(2);
        });
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");

        var result = await sender.SendAsync(Message("resolved in inbox"));

        result.OutcomeResolution.Should().Be(ExchangeOutcomeResolution.FoundInSentItems);
        server.SentMessages.Should().ContainSingle("the copy in the inbox proved the send; searching Sent Items would have sent it twice");
    }

    [SkippableFact]
    public async Task After_a_lost_answer_FindSentMessageAsync_searches_the_folder_the_message_chose_and_finds_it()
    {
        await using var server = await StartAsync();
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var message = Message("own folder, answer lost");
        message.SaveCopyTo = ExchangeSavedCopyFolder.Folder("inbox");

        var lost = (await ((Func<Task>)(() => sender.SendAsync(message))).Should().ThrowAsync<ExchangeException>()).Which;
        var lookup = await sender.FindSentMessageAsync(lost.InternetMessageId!, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) });

        lost.OutcomeUnknown.Should().BeTrue();
        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent, "the copy is in the inbox the message chose, not in Sent Items: " + lookup.Explanation);
        server.Requests.Where(r => r.Operation == "FindItem").Should().NotBeEmpty();
    }

    [SkippableFact]
    public async Task After_a_lost_answer_FindSentMessageAsync_searches_as_the_message_impersonated()
    {
        await using var server = await StartAsync();
        server.GrantImpersonation(ServerFixture.AccountAddress, Shared);
        server.EnqueueFault(FakeEwsFault.DropConnectionAfterBodyRead(), "CreateItem");
        using var sender = ServerFixture.Sender(server);
        var message = Message("impersonated, answer lost");
        message.ImpersonatedUser = Shared;

        var lost = (await ((Func<Task>)(() => sender.SendAsync(message))).Should().ThrowAsync<ExchangeException>()).Which;
        var lookup = await sender.FindSentMessageAsync(lost.InternetMessageId!, new ExchangeMessageLookupOptions { FilingTime = TimeSpan.FromSeconds(1) });

        lookup.Status.Should().Be(ExchangeMessageLookupStatus.Sent, lookup.Explanation);
        server.Requests.Where(r => r.Operation == "FindItem").Should().OnlyContain(r => r.ImpersonatedUser == Shared);
        server.SentMessages.Single().From!.Address.Should().Be(Shared, "a message impersonating by SMTP address is from that mailbox");
    }

    [SkippableFact]
    public async Task A_lookup_impersonation_that_is_not_an_address_is_refused_before_any_IO()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server);

        var act = () => sender.FindSentMessageAsync("<a@example.com>", new ExchangeMessageLookupOptions { ImpersonatedUser = "x\r\ny" });

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("ImpersonatedUser");
        server.Requests.Should().BeEmpty();
    }

    [SkippableTheory]
    [InlineData(ExchangeSavedCopyLocation.Folder, null, "SaveCopyFolder")]
    [InlineData(ExchangeSavedCopyLocation.Folder, "Posteingang", "neither a distinguished folder name")]
    [InlineData(ExchangeSavedCopyLocation.AccountSentItems, "inbox", "set SaveCopyLocation to Folder")]
    [InlineData((ExchangeSavedCopyLocation)7, null, "SaveCopyLocation '7' is not known")]
    public void Bad_saved_copy_settings_are_refused_before_any_network_IO(ExchangeSavedCopyLocation location, string? folder, string expected)
    {
        var options = TestOptions.Valid();
        options.SaveCopyLocation = location;
        options.SaveCopyFolder = folder;

        var act = () => new ExchangeMailSender(options);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(expected);
    }

    [SkippableTheory]
    [InlineData("not an address", "SentByAddress")]
    [InlineData("a@example.com\r\nBcc: x@example.com", "SentByAddress")]
    public void A_bad_SentByAddress_is_refused_before_any_network_IO(string address, string expected)
    {
        var options = TestOptions.Valid();
        options.SentByAddress = address;

        var act = () => new ExchangeMailSender(options);

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(expected);
    }

    [SkippableFact]
    public async Task A_bad_message_Sender_is_refused_before_any_network_IO()
    {
        await using var server = await StartAsync();
        using var sender = ServerFixture.Sender(server);
        var message = Message("bad sender");
        message.Sender = new ExchangeMailbox("robot@example.com", "Robot\r\nBcc: evil@example.com");

        var act = () => sender.SendAsync(message);

        (await act.Should().ThrowAsync<ExchangeMessageValidationException>()).Which.Errors.Should().Contain(e => e.Field.StartsWith("Sender"));
        server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Posteingang")]
    [InlineData("inbox<x>")]
    public void ExchangeSavedCopyFolder_refuses_what_is_neither_a_name_nor_a_FolderId(string folder)
    {
        var act = () => ExchangeSavedCopyFolder.Folder(folder);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("folder");
    }
}
