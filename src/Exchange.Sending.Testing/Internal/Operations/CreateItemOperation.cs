using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The parsed <c>m:CreateItem</c>.</summary>
internal sealed class CreateItemRequest
{
    public string? MessageDisposition { get; set; }

    public FolderRef? SavedItemFolder { get; set; }

    public List<ParsedItem> Items { get; } = [];
}

/// <summary>One child of m:Items; <see cref="Message"/> is null for item types the server does not emulate.</summary>
internal sealed record ParsedItem(string Element, MessageData? Message);

/// <summary>
/// EWS <c>CreateItem</c> of <c>t:Message</c> items: <c>SendOnly</c> sends, <c>SendAndSaveCopy</c> sends and keeps a copy,
/// <c>SaveOnly</c> stores a draft and returns its id. One response message per item.
/// </summary>
internal sealed class CreateItemOperation : EwsServerOperation<CreateItemRequest>
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;
    private static readonly int Sp2Rank = EwsNames.VersionRank("Exchange2010_SP2");

    public override string Name => "CreateItem";

    protected override CreateItemRequest Read(ReadContext r)
    {
        var c = r.Cursor;
        var request = new CreateItemRequest
        {
            MessageDisposition = r.EnumAttribute("MessageDisposition", "MessageDispositionType", required: false, "SaveOnly", "SendOnly", "SendAndSaveCopy"),
        };
        r.Children(ChildSequence.For("CreateItem", M, M, "SavedItemFolderId Items!"), () =>
        {
            if (c.LocalName == "SavedItemFolderId")
            {
                request.SavedItemFolder = FolderIdReader.ReadTarget(r);
            }
            else
            {
                ReadItems(r, request);
            }
        });
        return request;
    }

    protected override OperationResult Run(CreateItemRequest request, OperationContext context)
    {
        var messages = new List<(ResponseOutcome, Action<XmlWriter>?)>();
        foreach (var item in request.Items)
        {
            var (outcome, saved) = CreateOne(request, item, context);
            messages.Add((outcome, x => WriteItems(x, saved)));
        }

        return OperationResult.Write(context.Version, Name, messages);
    }

    private static void ReadItems(ReadContext r, CreateItemRequest request)
    {
        var c = r.Cursor;
        var count = 0;
        r.Children(null, () =>
        {
            count++;
            if (c.NamespaceUri != T)
            {
                throw c.Violation($"The element 'Items' in namespace '{M}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'.");
            }

            if (c.LocalName == "Message")
            {
                request.Items.Add(new ParsedItem("Message", MessageReader.Read(r)));
            }
            else
            {
                request.Items.Add(new ParsedItem(c.LocalName, null));
                c.Skip();
            }
        });
        if (count == 0)
        {
            throw c.Violation($"The element 'Items' in namespace '{M}' has incomplete content. List of possible elements expected: 'Item, Message, CalendarItem, Contact, DistributionList, MeetingMessage, MeetingRequest, MeetingResponse, MeetingCancellation, Task, PostItem' in namespace '{T}'.");
        }
    }

    private static (ResponseOutcome, StoredItem?) CreateOne(CreateItemRequest request, ParsedItem item, OperationContext context)
    {
        var state = context.State;
        var caller = context.Caller;
        if (item.Message is not { } message)
        {
            return (ResponseOutcome.Error("ErrorInvalidItemForOperationCreateItem", $"The fake EWS server only emulates t:Message items, not t:{item.Element}."), null);
        }

        if (request.MessageDisposition is not { } disposition)
        {
            return (ResponseOutcome.Error("ErrorMessageDispositionRequired", ResponseTexts.Default("ErrorMessageDispositionRequired")), null);
        }

        if (message.ItemError is { } itemError)
        {
            return (ResponseOutcome.Error(itemError.Code, itemError.Text), null);
        }

        if (CheckExtendedProperties(message) is { } propertyError)
        {
            return (propertyError, null);
        }

        if (message.Attachments.Count > 0 && EwsNames.VersionRank(state.Options.EmulatedVersion) < Sp2Rank)
        {
            return (ResponseOutcome.Error(
                "ErrorInvalidPropertySet",
                $"Attachments can't be created with CreateItem on this server ({state.Options.EmulatedVersion}); create the item with SaveOnly, add them with CreateAttachment, then SendItem."), null);
        }

        var send = disposition != "SaveOnly";
        string? folder = null;
        if (disposition != "SendOnly")
        {
            var resolved = FolderResolver.Resolve(state, request.SavedItemFolder, disposition == "SaveOnly" ? "drafts" : "sentitems", caller, "ErrorSavedItemFolderNotFound");
            if (resolved.Error is not null)
            {
                return (resolved.Error, null);
            }

            folder = resolved.Folder;
        }

        if (send && SendRules.Check(state, message, caller) is { } sendError)
        {
            return (sendError, null);
        }

        AssignAttachmentIds(message);
        var rsv = context.Envelope.RequestServerVersion;
        var mailbox = request.SavedItemFolder?.MailboxAddress;
        if (!send)
        {
            var draft = state.Store.Add(folder!, message, disposition, rsv, caller?.Address, mailbox);
            return (ResponseOutcome.Success, draft);
        }

        var sentAt = state.Store.Now();
        state.AddSent(new FakeEwsSentMessage(message, null, null, disposition, folder, rsv, caller?.Address, sentAt));
        if (folder is not null)
        {
            state.Store.Add(folder, message, disposition, rsv, caller?.Address, mailbox, sentAt, filingDelay: state.Options.SentItemsFilingDelay);
        }

        return (ResponseOutcome.Success, null);
    }

    private static ResponseOutcome? CheckExtendedProperties(MessageData message)
    {
        foreach (var p in message.ExtendedProperties)
        {
            var sets = (p.DistinguishedPropertySetId is null ? 0 : 1) + (p.PropertySetId is null ? 0 : 1);
            var names = (p.PropertyName is null ? 0 : 1) + (p.PropertyId is null ? 0 : 1);
            var valid = p.PropertyTag is not null
                ? sets == 0 && names == 0
                : sets == 1 && names == 1;
            if (!valid)
            {
                return ResponseOutcome.Error("ErrorInvalidExtendedProperty", ResponseTexts.Default("ErrorInvalidExtendedProperty"));
            }
        }

        return null;
    }

    private static void AssignAttachmentIds(MessageData message)
    {
        foreach (var a in message.Attachments)
        {
            a.AttachmentId ??= MailStore.NewAttachmentId();
        }
    }

    /// <summary><c>m:Items</c>: empty, or for a saved draft its <c>t:Message</c> with item id and attachment ids.</summary>
    private static void WriteItems(XmlWriter x, StoredItem? saved)
    {
        x.WriteStartElement("m", "Items", M);
        if (saved is not null)
        {
            x.WriteStartElement("t", "Message", T);
            x.WriteStartElement("t", "ItemId", T);
            x.WriteAttributeString("Id", saved.Id);
            x.WriteAttributeString("ChangeKey", saved.ChangeKey);
            x.WriteEndElement();
            if (saved.Data.Attachments.Count > 0)
            {
                x.WriteStartElement("t", "Attachments", T);
                foreach (var a in saved.Data.Attachments)
                {
                    x.WriteStartElement("t", a.Kind, T);
                    x.WriteStartElement("t", "AttachmentId", T);
                    x.WriteAttributeString("Id", a.AttachmentId);
                    x.WriteEndElement();
                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        x.WriteEndElement();
    }
}
