namespace Exchange.Sending.Testing.Internal;

/// <summary>Reads a <c>t:Message</c> into <see cref="MessageData"/>: the fields the server keeps, in schema order.</summary>
internal static class MessageReader
{
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

    public static MessageData Read(ReadContext r)
    {
        var c = r.Cursor;
        var message = new MessageData();
        r.Children(ChildSequence.For("Message", T, T, MessageSequence), () =>
        {
            switch (c.LocalName)
            {
                case "MimeContent":
                    MimeContentReader.Read(r, message);
                    break;
                case "ItemClass":
                    message.ItemClass = c.ReadText();
                    break;
                case "Subject":
                    message.Subject = c.ReadText();
                    break;
                case "Sensitivity":
                    message.Sensitivity = r.EnumText("SensitivityChoicesType", "Normal", "Personal", "Private", "Confidential");
                    break;
                case "Body":
                    message.BodyType = r.EnumAttribute("BodyType", "BodyTypeType", required: true, "HTML", "Text");
                    message.Body = c.ReadText();
                    break;
                case "Attachments":
                    AttachmentReader.ReadList(r, message.Attachments, "Attachments", T);
                    break;
                case "Categories":
                    message.Categories.Clear(); // typed categories replace the MIME's Keywords
                    r.Children(ChildSequence.For("Categories", T, T, "String*"), () => message.Categories.Add(c.ReadText()));
                    break;
                case "Importance":
                    message.Importance = r.EnumText("ImportanceChoicesType", "Low", "Normal", "High");
                    break;
                case "InReplyTo":
                    message.InReplyTo = c.ReadText();
                    break;
                case "ExtendedProperty":
                    message.ExtendedProperties.Add(ReadExtendedProperty(r));
                    break;
                case "Sender":
                    message.Sender = MailboxReader.ReadSingle(r, "Sender");
                    break;
                case "ToRecipients":
                    MailboxReader.ReadList(r, "ToRecipients", message.ToRecipients, message.HasMimeContent);
                    break;
                case "CcRecipients":
                    MailboxReader.ReadList(r, "CcRecipients", message.CcRecipients, message.HasMimeContent);
                    break;
                case "BccRecipients":
                    MailboxReader.ReadList(r, "BccRecipients", message.BccRecipients, message.HasMimeContent);
                    break;
                case "IsReadReceiptRequested":
                    message.IsReadReceiptRequested = r.BooleanText();
                    break;
                case "IsDeliveryReceiptRequested":
                    message.IsDeliveryReceiptRequested = r.BooleanText();
                    break;
                case "From":
                    message.From = MailboxReader.ReadSingle(r, "From");
                    break;
                case "InternetMessageId":
                    message.InternetMessageId = c.ReadText();
                    break;
                case "IsRead":
                    message.IsRead = r.BooleanText();
                    break;
                case "References":
                    message.References = c.ReadText();
                    break;
                case "ReplyTo":
                    MailboxReader.ReadList(r, "ReplyTo", message.ReplyTo, message.HasMimeContent);
                    break;
                default:
                    c.Skip();
                    break;
            }
        });
        return message;
    }

    private static FakeEwsExtendedProperty ReadExtendedProperty(ReadContext r)
    {
        var c = r.Cursor;
        string? distinguished = null, setId = null, tag = null, name = null, type = null, value = null;
        int? id = null;
        r.Children(ChildSequence.For("ExtendedProperty", T, T, "ExtendedFieldURI! Value Values"), () =>
        {
            switch (c.LocalName)
            {
                case "ExtendedFieldURI":
                    distinguished = c.Attribute("DistinguishedPropertySetId");
                    setId = c.Attribute("PropertySetId");
                    tag = c.Attribute("PropertyTag");
                    name = c.Attribute("PropertyName");
                    id = int.TryParse(c.Attribute("PropertyId"), out var parsed) ? parsed : null;
                    type = r.RequiredAttribute("PropertyType");
                    c.Skip();
                    break;
                case "Value":
                    value = c.ReadText();
                    break;
                case "Values":
                    var values = new List<string>();
                    r.Children(ChildSequence.For("Values", T, T, "Value+"), () => values.Add(c.ReadText()));
                    value = string.Join("\n", values);
                    break;
            }
        });
        return new FakeEwsExtendedProperty(distinguished, setId, tag, name, id, type ?? "", value);
    }
}
