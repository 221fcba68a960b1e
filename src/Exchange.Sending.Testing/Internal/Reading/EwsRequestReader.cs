using System.Security.Cryptography;
using System.Xml;
using System.Xml.Schema;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Reads a SOAP request in one forward-only pass: validates (XSD when available, our own order/required checks always)
/// and builds the request model. Attachment content is hashed while it is decoded and kept only up to a size limit.
/// </summary>
internal sealed class EwsRequestReader
{
    private const string M = EwsNames.Messages;
    private const string T = EwsNames.Types;

    private const string MessageSequence =
        "MimeContent ItemId ParentFolderId ItemClass Subject Sensitivity Body Attachments DateTimeReceived Size Categories " +
        "Importance InReplyTo IsSubmitted IsDraft IsFromMe IsResend IsUnmodified InternetMessageHeaders DateTimeSent " +
        "DateTimeCreated ResponseObjects ReminderDueBy ReminderIsSet ReminderNextTime ReminderMinutesBeforeStart DisplayCc " +
        "DisplayTo DisplayBcc HasAttachments ExtendedProperty* Culture EffectiveRights LastModifiedName LastModifiedTime " +
        "IsAssociated WebClientReadFormQueryString WebClientEditFormQueryString ConversationId UniqueBody Flag StoreEntryId " +
        "InstanceKey NormalizedBody EntityExtractionResult PolicyTag ArchiveTag RetentionDate Preview " +
        "RightsManagementLicenseData PredictedActionReasons IsClutter BlockStatus HasBlockedImages TextBody IconIndex " +
        "SearchKey SortKey Hashtags Mentions MentionedMe MentionsPreview MentionsEx AppliedHashtags AppliedHashtagsPreview " +
        "Likes LikesPreview PendingSocialActivityTagIds AtAllMention CanDelete InferenceClassification " +
        "Sender ToRecipients CcRecipients BccRecipients IsReadReceiptRequested IsDeliveryReceiptRequested ConversationIndex " +
        "ConversationTopic From InternetMessageId IsRead IsResponseRequested References ReplyTo ReceivedBy " +
        "ReceivedRepresenting ApprovalRequestData VotingInformation ReminderMessageData MessageSafety SenderSMTPAddress " +
        "MailboxGuids PublishedCalendarItemIcs PublishedCalendarItemName";

    private const string FileAttachmentSequence =
        "AttachmentId Name ContentType ContentId ContentLocation AttachmentOriginalUrl Size LastModifiedTime IsInline IsContactPhoto Content";

    private readonly EwsXmlCursor _c;
    private readonly long? _maxStoredAttachmentBytes;

    private EwsRequestReader(EwsXmlCursor cursor, long? maxStoredAttachmentBytes)
    {
        _c = cursor;
        _maxStoredAttachmentBytes = maxStoredAttachmentBytes;
    }

    /// <summary>Reads and validates the whole request. Throws <see cref="EwsViolationException"/> or <see cref="EwsRequestFaultException"/>.</summary>
    public static EwsEnvelope Read(Stream body, XmlSchemaSet? schemas, long? maxStoredAttachmentBytes)
    {
        using var cursor = new EwsXmlCursor(body, schemas);
        var reader = new EwsRequestReader(cursor, maxStoredAttachmentBytes);
        var envelope = new EwsEnvelope();
        reader.ReadDocument(envelope);
        return envelope;
    }

    private void ReadDocument(EwsEnvelope envelope)
    {
        while (_c.Read())
        {
            if (_c.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (_c.LocalName != "Envelope" || _c.NamespaceUri != EwsNames.Soap)
            {
                throw _c.Violation($"The '{_c.NamespaceUri}:{_c.LocalName}' element is not declared.");
            }

            var seq = ChildSequence.For("Envelope", EwsNames.Soap, EwsNames.Soap, "Header Body!");
            Children(seq, () =>
            {
                if (_c.LocalName == "Header")
                {
                    ReadHeader(envelope);
                }
                else
                {
                    ReadBody(envelope);
                }
            });
            _c.Finish();
            return;
        }

        throw _c.Violation("Root element is missing.");
    }

    private void ReadHeader(EwsEnvelope envelope)
    {
        Children(null, () =>
        {
            var name = _c.LocalName;
            if (_c.NamespaceUri == EwsNames.Soap)
            {
                throw _c.Violation($"The element 'Header' in namespace '{EwsNames.Soap}' has invalid child element '{name}' in namespace '{EwsNames.Soap}'.");
            }

            if (envelope.HeaderElements.Contains(name, StringComparer.Ordinal))
            {
                throw new EwsRequestFaultException("ErrorDuplicateSOAPHeader", $"There are multiple '{name}' SOAP headers in the request.");
            }

            envelope.HeaderElements.Add(name);
            if (name == "RequestServerVersion" && _c.NamespaceUri == T)
            {
                var version = RequiredAttribute("Version");
                if (EwsNames.VersionRank(version) < 0)
                {
                    throw _c.Violation(
                        $"The 'Version' attribute is invalid - The value '{version}' is invalid according to its datatype '{T}:ExchangeVersionType' - The Enumeration constraint failed.");
                }

                envelope.RequestServerVersion = version;
            }

            _c.Skip();
        });
    }

    private void ReadBody(EwsEnvelope envelope)
    {
        var seen = false;
        Children(null, () =>
        {
            if (seen)
            {
                throw _c.Violation(
                    $"The element 'Body' in namespace '{EwsNames.Soap}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'.");
            }

            seen = true;
            envelope.Operation = _c.LocalName;
            envelope.OperationNamespace = _c.NamespaceUri;
            if (_c.NamespaceUri != M)
            {
                _c.Skip();
                return;
            }

            envelope.Body = _c.LocalName switch
            {
                "CreateItem" => ReadCreateItem(),
                "CreateAttachment" => ReadCreateAttachment(),
                "SendItem" => ReadSendItem(),
                "DeleteItem" => ReadDeleteItem(),
                "GetFolder" => ReadGetFolder(),
                "ResolveNames" => ReadResolveNames(),
                _ => SkipUnknown(),
            };
        });
        if (!seen)
        {
            throw _c.Violation($"The element 'Body' in namespace '{EwsNames.Soap}' has incomplete content.");
        }
    }

    private object? SkipUnknown()
    {
        _c.Skip();
        return null;
    }

    private CreateItemRequest ReadCreateItem()
    {
        var request = new CreateItemRequest
        {
            MessageDisposition = EnumAttribute("MessageDisposition", "MessageDispositionType", required: false, "SaveOnly", "SendOnly", "SendAndSaveCopy"),
        };
        Children(ChildSequence.For("CreateItem", M, M, "SavedItemFolderId Items!"), () =>
        {
            if (_c.LocalName == "SavedItemFolderId")
            {
                request.SavedItemFolder = ReadTargetFolder();
            }
            else
            {
                ReadItems(request);
            }
        });
        return request;
    }

    private void ReadItems(CreateItemRequest request)
    {
        var count = 0;
        Children(null, () =>
        {
            count++;
            if (_c.NamespaceUri != T)
            {
                throw _c.Violation($"The element 'Items' in namespace '{M}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'.");
            }

            if (_c.LocalName == "Message")
            {
                request.Items.Add(new ParsedItem("Message", ReadMessage()));
            }
            else
            {
                request.Items.Add(new ParsedItem(_c.LocalName, null));
                _c.Skip();
            }
        });
        if (count == 0)
        {
            throw _c.Violation($"The element 'Items' in namespace '{M}' has incomplete content. List of possible elements expected: 'Item, Message, CalendarItem, Contact, DistributionList, MeetingMessage, MeetingRequest, MeetingResponse, MeetingCancellation, Task, PostItem' in namespace '{T}'.");
        }
    }

    private MessageData ReadMessage()
    {
        var message = new MessageData();
        Children(ChildSequence.For("Message", T, T, MessageSequence), () =>
        {
            switch (_c.LocalName)
            {
                case "MimeContent":
                    ReadMimeContent(message);
                    break;
                case "ItemClass":
                    message.ItemClass = _c.ReadText();
                    break;
                case "Subject":
                    message.Subject = _c.ReadText();
                    break;
                case "Sensitivity":
                    message.Sensitivity = EnumText("SensitivityChoicesType", "Normal", "Personal", "Private", "Confidential");
                    break;
                case "Body":
                    message.BodyType = EnumAttribute("BodyType", "BodyTypeType", required: true, "HTML", "Text");
                    message.Body = _c.ReadText();
                    break;
                case "Attachments":
                    ReadAttachments(message.Attachments, "Attachments", T);
                    break;
                case "Categories":
                    message.Categories.Clear(); // typed categories replace the MIME's Keywords
                    Children(ChildSequence.For("Categories", T, T, "String*"), () => message.Categories.Add(_c.ReadText()));
                    break;
                case "Importance":
                    message.Importance = EnumText("ImportanceChoicesType", "Low", "Normal", "High");
                    break;
                case "InReplyTo":
                    message.InReplyTo = _c.ReadText();
                    break;
                case "ExtendedProperty":
                    message.ExtendedProperties.Add(ReadExtendedProperty());
                    break;
                case "Sender":
                    message.Sender = ReadSingleRecipient("Sender");
                    break;
                case "ToRecipients":
                    ReadRecipients("ToRecipients", message.ToRecipients, message.HasMimeContent);
                    break;
                case "CcRecipients":
                    ReadRecipients("CcRecipients", message.CcRecipients, message.HasMimeContent);
                    break;
                case "BccRecipients":
                    ReadRecipients("BccRecipients", message.BccRecipients, message.HasMimeContent);
                    break;
                case "IsReadReceiptRequested":
                    message.IsReadReceiptRequested = BooleanText();
                    break;
                case "IsDeliveryReceiptRequested":
                    message.IsDeliveryReceiptRequested = BooleanText();
                    break;
                case "From":
                    message.From = ReadSingleRecipient("From");
                    break;
                case "InternetMessageId":
                    message.InternetMessageId = _c.ReadText();
                    break;
                case "IsRead":
                    message.IsRead = BooleanText();
                    break;
                case "References":
                    message.References = _c.ReadText();
                    break;
                case "ReplyTo":
                    ReadRecipients("ReplyTo", message.ReplyTo, message.HasMimeContent);
                    break;
                default:
                    _c.Skip();
                    break;
            }
        });
        return message;
    }

    private void ReadMimeContent(MessageData message)
    {
        message.MimeCharacterSet = _c.Attribute("CharacterSet");
        // Decoded straight into memory up to the storage limit, beyond it into a temporary file: never the whole
        // base64 text, never a growing buffer plus a copy of it.
        using var spool = new MimeSpool(_maxStoredAttachmentBytes);
        try
        {
            _c.ReadBase64(chunk => spool.Write(chunk));
        }
        catch (EwsViolationException)
        {
            // MimeContent is xs:string in the schema: bad base64 is the server's complaint, not the validator's.
            // The reader cannot continue after a decoding error, so the item fails and the rest is not read.
            throw new EwsRequestFaultException("ErrorMimeContentInvalidBase64String", "The MIME content is not a valid Base64 string.");
        }

        message.HasMimeContent = true;
        message.MimeContentLength = spool.Length;
        message.MimeContentSha256Hex = spool.Sha256Hex;
        using (var mime = spool.OpenRead())
        {
            // Imported now, before the typed elements after t:MimeContent, which then take effect on top (as Exchange).
            message.ItemError ??= MimeImporter.Apply(message, mime, _maxStoredAttachmentBytes);
        }

        message.MimeContent = spool.Bytes; // null when larger than the limit (it lived in the temporary file)
    }

    private void ReadAttachments(List<AttachmentData> target, string parent, string parentNs)
    {
        Children(null, () =>
        {
            if (_c.NamespaceUri != T || _c.LocalName is not ("FileAttachment" or "ItemAttachment" or "ReferenceAttachment"))
            {
                throw _c.Violation(
                    $"The element '{parent}' in namespace '{parentNs}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'. List of possible elements expected: 'ItemAttachment, FileAttachment, ReferenceAttachment' in namespace '{T}'.");
            }

            target.Add(ReadAttachment(_c.LocalName));
        });
    }

    private AttachmentData ReadAttachment(string kind)
    {
        var attachment = new AttachmentData { Kind = kind };
        var sequence = kind == "FileAttachment"
            ? FileAttachmentSequence
            : "AttachmentId Name ContentType ContentId ContentLocation AttachmentOriginalUrl Size LastModifiedTime IsInline " +
              "Item Message CalendarItem Contact MeetingMessage MeetingRequest MeetingResponse MeetingCancellation Task PostItem " +
              "AttachLongPathName ProviderType ProviderEndpointUrl AttachmentThumbnailUrl AttachmentPreviewUrl PermissionType OriginalPermissionType AttachmentIsFolder";
        Children(ChildSequence.For(kind, T, T, sequence), () =>
        {
            switch (_c.LocalName)
            {
                case "Name":
                    attachment.Name = _c.ReadText();
                    break;
                case "ContentType":
                    attachment.ContentType = _c.ReadText();
                    break;
                case "ContentId":
                    attachment.ContentId = _c.ReadText();
                    break;
                case "IsInline":
                    attachment.IsInline = BooleanText() ?? false;
                    break;
                case "Content" when kind == "FileAttachment":
                    ReadContent(attachment);
                    break;
                default:
                    _c.Skip();
                    break;
            }
        });
        return attachment;
    }

    private void ReadContent(AttachmentData attachment)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Chunks instead of a growing MemoryStream: no doubling copies, and dropped as soon as the limit is passed.
        List<byte[]>? kept = [];
        long length = 0;
        _c.ReadBase64(chunk =>
        {
            hash.AppendData(chunk);
            length += chunk.Length;
            if (kept is not null)
            {
                if (_maxStoredAttachmentBytes is { } max && length > max)
                {
                    kept = null;
                }
                else
                {
                    kept.Add(chunk.ToArray());
                }
            }
        });
        attachment.Length = length;
        attachment.Content = kept is null ? null : Concat(kept, length);
        attachment.Sha256Hex = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] Concat(List<byte[]> chunks, long length)
    {
        var result = new byte[length];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }

    private FakeEwsExtendedProperty ReadExtendedProperty()
    {
        string? distinguished = null, setId = null, tag = null, name = null, type = null, value = null;
        int? id = null;
        Children(ChildSequence.For("ExtendedProperty", T, T, "ExtendedFieldURI! Value Values"), () =>
        {
            switch (_c.LocalName)
            {
                case "ExtendedFieldURI":
                    distinguished = _c.Attribute("DistinguishedPropertySetId");
                    setId = _c.Attribute("PropertySetId");
                    tag = _c.Attribute("PropertyTag");
                    name = _c.Attribute("PropertyName");
                    id = int.TryParse(_c.Attribute("PropertyId"), out var parsed) ? parsed : null;
                    type = RequiredAttribute("PropertyType");
                    _c.Skip();
                    break;
                case "Value":
                    value = _c.ReadText();
                    break;
                case "Values":
                    var values = new List<string>();
                    Children(ChildSequence.For("Values", T, T, "Value+"), () => values.Add(_c.ReadText()));
                    value = string.Join("\n", values);
                    break;
            }
        });
        return new FakeEwsExtendedProperty(distinguished, setId, tag, name, id, type ?? "", value);
    }

    // merge: true beside t:MimeContent, so an address the MIME already gave is not added twice.
    private void ReadRecipients(string parent, List<FakeEwsMailbox> target, bool merge = false)
    {
        Children(ChildSequence.For(parent, T, T, "Mailbox*"), () =>
        {
            var mailbox = ReadMailbox();
            if (merge)
            {
                MessageData.AddRecipient(target, mailbox);
            }
            else
            {
                target.Add(mailbox);
            }
        });
    }

    private FakeEwsMailbox? ReadSingleRecipient(string parent)
    {
        FakeEwsMailbox? result = null;
        Children(ChildSequence.For(parent, T, T, "Mailbox!"), () => result = ReadMailbox());
        return result;
    }

    private FakeEwsMailbox ReadMailbox()
    {
        string? name = null, address = null;
        Children(ChildSequence.For("Mailbox", T, T, "Name EmailAddress RoutingType MailboxType ItemId OriginalDisplayName"), () =>
        {
            switch (_c.LocalName)
            {
                case "Name":
                    name = _c.ReadText();
                    break;
                case "EmailAddress":
                    address = _c.ReadText();
                    break;
                default:
                    _c.Skip();
                    break;
            }
        });
        return new FakeEwsMailbox(name, address ?? "");
    }

    private FolderRef ReadTargetFolder()
    {
        FolderRef? folder = null;
        Children(null, () =>
        {
            if (folder is not null || _c.NamespaceUri != T || _c.LocalName is not ("FolderId" or "DistinguishedFolderId" or "AddressListId"))
            {
                throw _c.Violation(
                    $"The element 'SavedItemFolderId' in namespace '{M}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'.");
            }

            folder = ReadFolderId();
        });
        return folder ?? throw _c.Violation(
            $"The element 'SavedItemFolderId' in namespace '{M}' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId, AddressListId' in namespace '{T}'.");
    }

    private FolderRef ReadFolderId()
    {
        var local = _c.LocalName;
        var id = RequiredAttribute("Id");
        string? mailbox = null;
        if (local == "DistinguishedFolderId")
        {
            Children(ChildSequence.For("DistinguishedFolderId", T, T, "Mailbox"), () => mailbox = ReadMailbox().Address);
            return new FolderRef(id, null, mailbox);
        }

        _c.Skip();
        return new FolderRef(null, id, null);
    }

    private CreateAttachmentRequest ReadCreateAttachment()
    {
        var request = new CreateAttachmentRequest();
        Children(ChildSequence.For("CreateAttachment", M, M, "ParentItemId! Attachments!"), () =>
        {
            if (_c.LocalName == "ParentItemId")
            {
                request.Parent = new ItemRef("ParentItemId", RequiredAttribute("Id"), _c.Attribute("ChangeKey"));
                _c.Skip();
            }
            else
            {
                ReadAttachments(request.Attachments, "Attachments", M);
                if (request.Attachments.Count == 0)
                {
                    throw _c.Violation(
                        $"The element 'Attachments' in namespace '{M}' has incomplete content. List of possible elements expected: 'ItemAttachment, FileAttachment, ReferenceAttachment' in namespace '{T}'.");
                }
            }
        });
        return request;
    }

    private SendItemRequest ReadSendItem()
    {
        var save = RequiredAttribute("SaveItemToFolder");
        var request = new SendItemRequest { SaveItemToFolder = ParseBoolean(save, "SaveItemToFolder") };
        Children(ChildSequence.For("SendItem", M, M, "ItemIds! SavedItemFolderId"), () =>
        {
            if (_c.LocalName == "ItemIds")
            {
                ReadItemIds(request.ItemIds);
            }
            else
            {
                request.SavedItemFolder = ReadTargetFolder();
            }
        });
        return request;
    }

    private DeleteItemRequest ReadDeleteItem()
    {
        var request = new DeleteItemRequest
        {
            DeleteType = EnumAttribute("DeleteType", "DisposalType", required: true, "HardDelete", "SoftDelete", "MoveToDeletedItems")!,
        };
        Children(ChildSequence.For("DeleteItem", M, M, "ItemIds!"), () => ReadItemIds(request.ItemIds));
        return request;
    }

    private void ReadItemIds(List<ItemRef> target)
    {
        Children(null, () =>
        {
            if (_c.NamespaceUri != T)
            {
                throw _c.Violation($"The element 'ItemIds' in namespace '{M}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'.");
            }

            var element = _c.LocalName;
            var id = element is "ItemId" or "RecurringMasterItemId" or "OccurrenceItemId" ? _c.Attribute("Id") ?? _c.Attribute("RecurringMasterId") ?? "" : "";
            if (element == "ItemId")
            {
                id = RequiredAttribute("Id");
            }

            target.Add(new ItemRef(element, id, _c.Attribute("ChangeKey")));
            _c.Skip();
        });
        if (target.Count == 0)
        {
            throw _c.Violation($"The element 'ItemIds' in namespace '{M}' has incomplete content. List of possible elements expected: 'ItemId, OccurrenceItemId, RecurringMasterItemId' in namespace '{T}'.");
        }
    }

    private GetFolderRequest ReadGetFolder()
    {
        var request = new GetFolderRequest();
        Children(ChildSequence.For("GetFolder", M, M, "FolderShape! FolderIds!"), () =>
        {
            if (_c.LocalName == "FolderShape")
            {
                Children(ChildSequence.For("FolderShape", M, T, "BaseShape! AdditionalProperties"), () =>
                {
                    if (_c.LocalName == "BaseShape")
                    {
                        request.BaseShape = EnumText("DefaultShapeNamesType", "IdOnly", "Default", "AllProperties", "PcxPeopleSearch");
                    }
                    else
                    {
                        _c.Skip();
                    }
                });
            }
            else
            {
                Children(null, () =>
                {
                    if (_c.NamespaceUri != T || _c.LocalName is not ("FolderId" or "DistinguishedFolderId"))
                    {
                        throw _c.Violation($"The element 'FolderIds' in namespace '{M}' has invalid child element '{_c.LocalName}' in namespace '{_c.NamespaceUri}'. List of possible elements expected: 'FolderId, DistinguishedFolderId' in namespace '{T}'.");
                    }

                    request.FolderIds.Add(ReadFolderId());
                });
                if (request.FolderIds.Count == 0)
                {
                    throw _c.Violation($"The element 'FolderIds' in namespace '{M}' has incomplete content. List of possible elements expected: 'FolderId, DistinguishedFolderId' in namespace '{T}'.");
                }
            }
        });
        return request;
    }

    private ResolveNamesRequest ReadResolveNames()
    {
        var request = new ResolveNamesRequest
        {
            ReturnFullContactData = ParseBoolean(RequiredAttribute("ReturnFullContactData"), "ReturnFullContactData"),
        };
        Children(ChildSequence.For("ResolveNames", M, M, "ParentFolderIds UnresolvedEntry!"), () =>
        {
            if (_c.LocalName == "UnresolvedEntry")
            {
                request.Entry = _c.ReadText();
            }
            else
            {
                _c.Skip();
            }
        });
        return request;
    }

    /// <summary>Cursor on a start element: visits each child element; the handler must consume the child entirely.</summary>
    private void Children(ChildSequence? sequence, Action onChild)
    {
        if (_c.IsEmptyElement)
        {
            sequence?.Complete(_c);
            return;
        }

        var parent = _c.LocalName;
        while (_c.Read())
        {
            switch (_c.NodeType)
            {
                case XmlNodeType.Element:
                    sequence?.Accept(_c);
                    onChild();
                    break;
                case XmlNodeType.EndElement:
                    sequence?.Complete(_c);
                    return;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                    throw _c.Violation($"The element '{parent}' cannot contain text. List of possible elements expected: child elements.");
            }
        }
    }

    private string RequiredAttribute(string name)
    {
        return _c.Attribute(name) ?? throw _c.Violation($"The required attribute '{name}' is missing.");
    }

    private string? EnumAttribute(string name, string typeName, bool required, params string[] allowed)
    {
        var value = required ? RequiredAttribute(name) : _c.Attribute(name);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw _c.Violation(
                $"The '{name}' attribute is invalid - The value '{value}' is invalid according to its datatype '{T}:{typeName}' - The Enumeration constraint failed.");
        }

        return value;
    }

    private string EnumText(string typeName, params string[] allowed)
    {
        var element = _c.LocalName;
        var ns = _c.NamespaceUri;
        var value = _c.ReadText();
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            throw _c.Violation(
                $"The '{ns}:{element}' element is invalid - The value '{value}' is invalid according to its datatype '{T}:{typeName}' - The Enumeration constraint failed.");
        }

        return value;
    }

    private bool? BooleanText()
    {
        var element = _c.LocalName;
        var value = _c.ReadText().Trim();
        return value switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw _c.Violation(
                $"The '{T}:{element}' element is invalid - The value '{value}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean' - The string '{value}' is not a valid Boolean value."),
        };
    }

    private bool ParseBoolean(string value, string attribute)
    {
        return value.Trim() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw _c.Violation(
                $"The '{attribute}' attribute is invalid - The value '{value}' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:boolean' - The string '{value}' is not a valid Boolean value."),
        };
    }
}
