using System.Xml.Linq;
using Exchange.Sending.Interop.Tests.Support;
using FluentAssertions;

namespace Exchange.Sending.Interop.Tests;

/// <summary>
/// Send on behalf and the saved copy's folder against gromox, asserted on what arrives and where the copy is filed.
/// gromox does not check Send As or Send on Behalf (a From of another user is sent as it is), but it does check folder
/// permissions when a copy is to be saved in another mailbox. Listed in docs/servers.md.
/// </summary>
public sealed class SharedMailboxInteropTests : InteropTest
{
    private static readonly XNamespace T = "http://schemas.microsoft.com/exchange/services/2006/types";

    [SkippableFact]
    public async Task A_message_sent_on_behalf_arrives_with_From_the_mailbox_and_Sender_the_account()
    {
        using var sender = NewSender(o =>
        {
            o.SenderAddress = GromoxEnvironment.User3.Address;
            o.SenderName = GromoxEnvironment.User3.DisplayName;
            o.SentByAddress = GromoxEnvironment.User1.Address;
            o.SentByName = GromoxEnvironment.User1.DisplayName;
        });

        await sender.SendAsync(NewMessage("on behalf", User2));

        var received = await User2Box.WaitForMessageAsync("inbox", Token);
        received.Message.From.Mailboxes.Single().Address.Should().Be(GromoxEnvironment.User3.Address);
        received.Message.Sender.Should().NotBeNull("the Sender header says who sent it on behalf of From: " + received.RawHeaderBlock);
        received.Message.Sender!.Address.Should().Be(GromoxEnvironment.User1.Address);
    }

    [SkippableFact]
    public async Task A_distinguished_folder_receives_the_copy_instead_of_Sent_Items()
    {
        using var sender = NewSender(o => { o.SaveCopyLocation = ExchangeSavedCopyLocation.Folder; o.SaveCopyFolder = "inbox"; });

        await sender.SendAsync(NewMessage("copy in inbox", User2));

        await User2Box.WaitForMessageAsync("inbox", Token);
        var copy = await User1Box.WaitForMessageAsync("inbox", Token);
        copy.Message.Subject.Should().Be(Subject("copy in inbox"));
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(0);
    }

    [SkippableFact]
    public async Task A_FolderId_from_GetFolder_receives_the_copy()
    {
        var folder = await User1Box.CallAsync("""
            <m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>
              <m:FolderIds><t:DistinguishedFolderId Id="deleteditems"/></m:FolderIds></m:GetFolder>
            """);
        var folderId = (string)folder.Descendants(T + "FolderId").First().Attribute("Id")!;
        using var sender = NewSender();
        var message = NewMessage("copy by FolderId", User2);
        message.SaveCopyTo = ExchangeSavedCopyFolder.Folder(folderId);

        await sender.SendAsync(message);

        await User2Box.WaitForMessageAsync("inbox", Token);
        (await User1Box.WaitForMessageAsync("deleteditems", Token)).Message.Subject.Should().Be(Subject("copy by FolderId"));
        (await User1Box.CountAsync("sentitems", Token)).Should().Be(0);
    }

    [SkippableFact]
    public async Task The_Sent_Items_of_a_mailbox_the_account_may_not_write_to_is_refused_and_nothing_is_sent()
    {
        using var sender = NewSender(o =>
        {
            o.SenderAddress = GromoxEnvironment.User3.Address;
            o.SaveCopyLocation = ExchangeSavedCopyLocation.SenderSentItems;
        });

        var act = () => sender.SendAsync(NewMessage("copy in user3", User2));

        var error = (await act.Should().ThrowAsync<ExchangeServiceException>()).Which;
        error.ResponseCode.Should().Be(ExchangeResponseCode.ErrorAccessDenied);
        error.Message.Should().Contain("SaveCopyLocation").And.Contain(GromoxEnvironment.User3.Address);
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await User2Box.CountAsync("inbox", Token)).Should().Be(0, "gromox refuses before it sends");
    }
}
