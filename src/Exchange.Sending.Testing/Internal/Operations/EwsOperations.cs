using System.Xml;

namespace Exchange.Sending.Testing.Internal;

/// <summary>The result of running an operation: the response body and the first response code.</summary>
internal sealed record OperationResult(byte[] Body, string? ResponseCode);

/// <summary>Implements the emulated EWS operations against the <see cref="MailStore"/>.</summary>
internal sealed class EwsOperations(ServerState state)
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;
    private static readonly int Sp2Rank = EwsNames.VersionRank("Exchange2010_SP2");

    public static readonly IReadOnlySet<string> Implemented = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateItem", "CreateAttachment", "SendItem", "DeleteItem", "GetFolder", "ResolveNames",
    };

    private FakeEwsServerVersionInfo Version => state.Options.ServerVersionInfo;

    public OperationResult Run(EwsEnvelope envelope, FakeEwsUser? caller)
    {
        var outcomes = new List<string>();
        byte[] body = envelope.Body switch
        {
            CreateItemRequest r => CreateItem(r, envelope, caller, outcomes),
            CreateAttachmentRequest r => CreateAttachment(r, outcomes),
            SendItemRequest r => SendItem(r, envelope, caller, outcomes),
            DeleteItemRequest r => DeleteItem(r, outcomes),
            GetFolderRequest r => GetFolder(r, outcomes),
            ResolveNamesRequest r => ResolveNames(r, outcomes),
            _ => throw new InvalidOperationException("Unsupported operation reached the dispatcher."),
        };
        return new OperationResult(body, outcomes.FirstOrDefault());
    }

    /// <summary>A response with one message per expected item, all carrying the injected code.</summary>
    public byte[] InjectedResponse(string operation, FakeEwsFault.ResponseCodeFault fault)
    {
        var outcome = new ResponseOutcome(fault.ResponseClass, fault.Code, fault.MessageText ?? EwsResponseWriter.DefaultText(fault.Code), fault.MessageXml);
        return EwsResponseWriter.Response(Version, operation, w => EwsResponseWriter.Message(w, operation, outcome, EwsResponseWriter.EmptyContent(operation)));
    }

    private byte[] CreateItem(CreateItemRequest request, EwsEnvelope envelope, FakeEwsUser? caller, List<string> codes)
    {
        var results = new List<(ResponseOutcome Outcome, StoredItem? Saved)>();
        foreach (var item in request.Items)
        {
            results.Add(CreateOne(request, item, envelope, caller));
        }

        return EwsResponseWriter.Response(Version, "CreateItem", w =>
        {
            foreach (var (outcome, saved) in results)
            {
                codes.Add(outcome.Code);
                EwsResponseWriter.Message(w, "CreateItem", outcome, x =>
                {
                    x.WriteStartElement("m", "Items", M);
                    if (saved is not null)
                    {
                        x.WriteStartElement("t", "Message", T);
                        WriteItemId(x, saved);
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
                });
            }
        });
    }

    private (ResponseOutcome, StoredItem?) CreateOne(CreateItemRequest request, ParsedItem item, EwsEnvelope envelope, FakeEwsUser? caller)
    {
        if (item.Message is not { } message)
        {
            return (ResponseOutcome.Error("ErrorInvalidItemForOperationCreateItem", $"The fake EWS server only emulates t:Message items, not t:{item.Element}."), null);
        }

        if (request.MessageDisposition is not { } disposition)
        {
            return (ResponseOutcome.Error("ErrorMessageDispositionRequired", EwsResponseWriter.DefaultText("ErrorMessageDispositionRequired")), null);
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
            var resolved = ResolveFolder(request.SavedItemFolder, disposition == "SaveOnly" ? "drafts" : "sentitems", caller, "ErrorSavedItemFolderNotFound");
            if (resolved.Error is not null)
            {
                return (resolved.Error, null);
            }

            folder = resolved.Folder;
        }

        if (send && CheckSendable(message, caller) is { } sendError)
        {
            return (sendError, null);
        }

        AssignAttachmentIds(message);
        var rsv = envelope.RequestServerVersion;
        if (!send)
        {
            var draft = state.Store.Add(folder!, message, disposition, rsv, caller?.Address);
            return (ResponseOutcome.Success, draft);
        }

        state.AddSent(new FakeEwsSentMessage(message, null, null, disposition, folder, rsv, caller?.Address));
        if (folder is not null)
        {
            state.Store.Add(folder, message, disposition, rsv, caller?.Address);
        }

        return (ResponseOutcome.Success, null);
    }

    private byte[] CreateAttachment(CreateAttachmentRequest request, List<string> codes)
    {
        var results = new List<(ResponseOutcome Outcome, AttachmentData Attachment, StoredItem? Item, string? RootChangeKey)>();
        var parent = request.Parent!;
        var item = state.Store.Find(parent.Id);
        if (item is not null && item.Folder != "drafts" && item.Disposition != "SaveOnly")
        {
            item = null;
        }

        lock (state.Store.Gate)
        {
            var stale = item is not null && parent.ChangeKey is not null && parent.ChangeKey != item.ChangeKey;
            foreach (var attachment in request.Attachments)
            {
                if (item is null)
                {
                    results.Add((ResponseOutcome.Error("ErrorItemNotFound", EwsResponseWriter.DefaultText("ErrorItemNotFound")), attachment, null, null));
                }
                else if (stale)
                {
                    results.Add((ResponseOutcome.Error("ErrorStaleObject", EwsResponseWriter.DefaultText("ErrorStaleObject")), attachment, null, null));
                }
                else
                {
                    attachment.AttachmentId = NewAttachmentId();
                    item.Data.Attachments.Add(attachment);
                    item.ChangeKey = state.Store.NextChangeKey();
                    results.Add((ResponseOutcome.Success, attachment, item, item.ChangeKey));
                }
            }
        }

        return EwsResponseWriter.Response(Version, "CreateAttachment", w =>
        {
            foreach (var (outcome, attachment, owner, rootChangeKey) in results)
            {
                codes.Add(outcome.Code);
                EwsResponseWriter.Message(w, "CreateAttachment", outcome, x =>
                {
                    x.WriteStartElement("m", "Attachments", M);
                    if (owner is not null)
                    {
                        x.WriteStartElement("t", attachment.Kind, T);
                        x.WriteStartElement("t", "AttachmentId", T);
                        x.WriteAttributeString("Id", attachment.AttachmentId);
                        x.WriteAttributeString("RootItemId", owner.Id);
                        x.WriteAttributeString("RootItemChangeKey", rootChangeKey);
                        x.WriteEndElement();
                        x.WriteEndElement();
                    }

                    x.WriteEndElement();
                });
            }
        });
    }

    private byte[] SendItem(SendItemRequest request, EwsEnvelope envelope, FakeEwsUser? caller, List<string> codes)
    {
        var outcomes = new List<ResponseOutcome>();
        foreach (var id in request.ItemIds)
        {
            outcomes.Add(SendOne(request, id, caller));
        }

        return EwsResponseWriter.Response(Version, "SendItem", w =>
        {
            foreach (var outcome in outcomes)
            {
                codes.Add(outcome.Code);
                EwsResponseWriter.Message(w, "SendItem", outcome, null);
            }
        });
    }

    private ResponseOutcome SendOne(SendItemRequest request, ItemRef id, FakeEwsUser? caller)
    {
        if (!request.SaveItemToFolder && request.SavedItemFolder is not null)
        {
            return ResponseOutcome.Error("ErrorInvalidSendItemSaveSettings", EwsResponseWriter.DefaultText("ErrorInvalidSendItemSaveSettings"));
        }

        if (id.Element != "ItemId")
        {
            return ResponseOutcome.Error("ErrorInvalidItemForOperationSendItem", $"The fake EWS server can only send items named by t:ItemId, not t:{id.Element}.");
        }

        var item = state.Store.Find(id.Id);
        if (item is null || item.Folder != "drafts" && item.Disposition != "SaveOnly")
        {
            return ResponseOutcome.Error("ErrorItemNotFound", EwsResponseWriter.DefaultText("ErrorItemNotFound"));
        }

        if (id.ChangeKey is null)
        {
            return ResponseOutcome.Error("ErrorChangeKeyRequiredForWriteOperations", EwsResponseWriter.DefaultText("ErrorChangeKeyRequiredForWriteOperations"));
        }

        if (id.ChangeKey != item.ChangeKey)
        {
            return ResponseOutcome.Error("ErrorStaleObject", EwsResponseWriter.DefaultText("ErrorStaleObject"));
        }

        string? folder = null;
        if (request.SaveItemToFolder)
        {
            var resolved = ResolveFolder(request.SavedItemFolder, "sentitems", caller, "ErrorSavedItemFolderNotFound");
            if (resolved.Error is not null)
            {
                return resolved.Error;
            }

            folder = resolved.Folder;
        }

        if (CheckSendable(item.Data, caller) is { } sendError)
        {
            return sendError;
        }

        state.Store.Remove(item);
        state.AddSent(new FakeEwsSentMessage(item.Data, item.Id, item.ChangeKey, "SendItem", folder, item.RequestServerVersion, caller?.Address ?? item.Owner));
        if (folder is not null)
        {
            state.Store.Add(folder, item.Data, "SendItem", item.RequestServerVersion, caller?.Address ?? item.Owner);
        }

        return ResponseOutcome.Success;
    }

    private byte[] DeleteItem(DeleteItemRequest request, List<string> codes)
    {
        var outcomes = new List<ResponseOutcome>();
        foreach (var id in request.ItemIds)
        {
            var item = id.Element == "ItemId" ? state.Store.Find(id.Id) : null;
            if (item is null)
            {
                outcomes.Add(ResponseOutcome.Error("ErrorItemNotFound", EwsResponseWriter.DefaultText("ErrorItemNotFound")));
                continue;
            }

            if (request.DeleteType == "MoveToDeletedItems" && item.Folder != "deleteditems")
            {
                lock (state.Store.Gate)
                {
                    item.Folder = "deleteditems";
                    item.ChangeKey = state.Store.NextChangeKey();
                }
            }
            else
            {
                state.Store.Remove(item);
            }

            outcomes.Add(ResponseOutcome.Success);
        }

        return EwsResponseWriter.Response(Version, "DeleteItem", w =>
        {
            foreach (var outcome in outcomes)
            {
                codes.Add(outcome.Code);
                EwsResponseWriter.Message(w, "DeleteItem", outcome, null);
            }
        });
    }

    private byte[] GetFolder(GetFolderRequest request, List<string> codes)
    {
        var results = request.FolderIds.Select(f => ResolveFolder(f, "root", null, "ErrorFolderNotFound")).ToList();
        return EwsResponseWriter.Response(Version, "GetFolder", w =>
        {
            foreach (var (folder, error) in results)
            {
                var outcome = error ?? ResponseOutcome.Success;
                codes.Add(outcome.Code);
                EwsResponseWriter.Message(w, "GetFolder", outcome, error is not null ? null : x =>
                {
                    x.WriteStartElement("m", "Folders", M);
                    x.WriteStartElement("t", "Folder", T);
                    x.WriteStartElement("t", "FolderId", T);
                    x.WriteAttributeString("Id", MailStore.FolderId(folder!));
                    x.WriteAttributeString("ChangeKey", "AQAAABYAAAA" + folder!.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    x.WriteEndElement();
                    if (request.BaseShape != "IdOnly")
                    {
                        if (request.BaseShape == "AllProperties")
                        {
                            x.WriteElementString("t", "FolderClass", T, "IPF.Note");
                        }

                        x.WriteElementString("t", "DisplayName", T, MailStore.DisplayName(folder));
                        x.WriteElementString("t", "TotalCount", T, state.Store.Count(folder).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        var children = folder is "root" ? 1 : folder is "msgfolderroot" ? MailStore.KnownFolders.Count() - 2 : 0;
                        x.WriteElementString("t", "ChildFolderCount", T, children.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        x.WriteElementString("t", "UnreadCount", T, "0");
                    }

                    x.WriteEndElement();
                    x.WriteEndElement();
                });
            }
        });
    }

    private byte[] ResolveNames(ResolveNamesRequest request, List<string> codes)
    {
        var entry = request.Entry.Trim();
        if (entry.StartsWith("SMTP:", StringComparison.OrdinalIgnoreCase))
        {
            entry = entry[5..];
        }

        var users = state.Users;
        var exact = users.Where(u => string.Equals(u.Address, entry, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = exact.Count > 0
            ? exact
            : users.Where(u => u.DisplayName.StartsWith(entry, StringComparison.OrdinalIgnoreCase)
                               || u.Address.StartsWith(entry, StringComparison.OrdinalIgnoreCase)
                               || (u.UserName?.StartsWith(entry, StringComparison.OrdinalIgnoreCase) ?? false)).ToList();
        var outcome = matches.Count switch
        {
            0 => ResponseOutcome.Error("ErrorNameResolutionNoResults", EwsResponseWriter.DefaultText("ErrorNameResolutionNoResults")),
            1 => ResponseOutcome.Success,
            _ => new ResponseOutcome("Warning", "ErrorNameResolutionMultipleResults", EwsResponseWriter.DefaultText("ErrorNameResolutionMultipleResults"), null),
        };
        codes.Add(outcome.Code);
        return EwsResponseWriter.Response(Version, "ResolveNames", w => EwsResponseWriter.Message(w, "ResolveNames", outcome, matches.Count == 0 ? null : x =>
        {
            x.WriteStartElement("m", "ResolutionSet", M);
            x.WriteAttributeString("TotalItemsInView", matches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            x.WriteAttributeString("IncludesLastItemInRange", "true");
            foreach (var user in matches.Take(100))
            {
                x.WriteStartElement("t", "Resolution", T);
                x.WriteStartElement("t", "Mailbox", T);
                x.WriteElementString("t", "Name", T, user.DisplayName);
                x.WriteElementString("t", "EmailAddress", T, user.Address);
                x.WriteElementString("t", "RoutingType", T, "SMTP");
                x.WriteElementString("t", "MailboxType", T, "Mailbox");
                x.WriteEndElement();
                if (request.ReturnFullContactData)
                {
                    x.WriteStartElement("t", "Contact", T);
                    x.WriteElementString("t", "DisplayName", T, user.DisplayName);
                    x.WriteStartElement("t", "EmailAddresses", T);
                    x.WriteStartElement("t", "Entry", T);
                    x.WriteAttributeString("Key", "EmailAddress1");
                    x.WriteString("SMTP:" + user.Address);
                    x.WriteEndElement();
                    x.WriteEndElement();
                    x.WriteEndElement();
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
        }));
    }

    private ResponseOutcome? CheckSendable(MessageData message, FakeEwsUser? caller)
    {
        if (!message.HasRecipients)
        {
            return ResponseOutcome.Error("ErrorInvalidRecipients", EwsResponseWriter.DefaultText("ErrorInvalidRecipients"));
        }

        foreach (var recipient in message.AllRecipients)
        {
            if (state.RejectionFor(recipient.Address) is { } code)
            {
                return ResponseOutcome.Error(code, code == "ErrorInvalidRecipients"
                    ? $"At least one recipient isn't valid: {recipient.Address}."
                    : EwsResponseWriter.DefaultText(code));
            }
        }

        if (!state.MaySendAs(caller?.Address, message.From?.Address))
        {
            return ResponseOutcome.Error("ErrorSendAsDenied", EwsResponseWriter.DefaultText("ErrorSendAsDenied"));
        }

        return null;
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
                return ResponseOutcome.Error("ErrorInvalidExtendedProperty", EwsResponseWriter.DefaultText("ErrorInvalidExtendedProperty"));
            }
        }

        return null;
    }

    private (string? Folder, ResponseOutcome? Error) ResolveFolder(FolderRef? reference, string fallback, FakeEwsUser? caller, string notFoundCode)
    {
        if (reference is null)
        {
            return (fallback, null);
        }

        if (reference.MailboxAddress is { } mailbox && state.FindUserByAddress(mailbox) is null
            && !string.Equals(mailbox, caller?.Address, StringComparison.OrdinalIgnoreCase) && state.Users.Count > 0)
        {
            return (null, ResponseOutcome.Error("ErrorNonExistentMailbox", EwsResponseWriter.DefaultText("ErrorNonExistentMailbox")));
        }

        if (reference.DistinguishedId is { } distinguished)
        {
            return (distinguished, null);
        }

        return MailStore.FolderFromId(reference.FolderId!) is { } folder
            ? (folder, null)
            : (null, ResponseOutcome.Error(notFoundCode, notFoundCode == "ErrorFolderNotFound"
                ? EwsResponseWriter.DefaultText(notFoundCode)
                : "The folder to save the item in could not be found."));
    }

    private static void AssignAttachmentIds(MessageData message)
    {
        foreach (var a in message.Attachments)
        {
            a.AttachmentId ??= NewAttachmentId();
        }
    }

    private static string NewAttachmentId() => "AAMkAGZha2VBdHQ" + Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    private static void WriteItemId(XmlWriter x, StoredItem item)
    {
        x.WriteStartElement("t", "ItemId", T);
        x.WriteAttributeString("Id", item.Id);
        x.WriteAttributeString("ChangeKey", item.ChangeKey);
        x.WriteEndElement();
    }
}
