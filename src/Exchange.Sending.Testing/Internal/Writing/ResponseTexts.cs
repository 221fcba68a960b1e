namespace Exchange.Sending.Testing.Internal;

/// <summary>Microsoft's wording (where known) for the response codes the server produces itself.</summary>
internal static class ResponseTexts
{
    /// <summary>Microsoft's wording (where known) for codes the server produces.</summary>
    public static string Default(string code) => code switch
    {
        "ErrorSendAsDenied" => "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.",
        "ErrorServerBusy" => "The server cannot service this request right now. Try again later.",
        "ErrorInvalidRecipients" => "At least one recipient isn't valid.",
        "ErrorMessageDispositionRequired" => "MessageDisposition attribute is required.",
        "ErrorStaleObject" => "The change key passed in the request does not match the current change key for the item.",
        "ErrorChangeKeyRequiredForWriteOperations" => "When making a write request, you must specify the change key of the item.",
        "ErrorInvalidSendItemSaveSettings" => "SavedItemFolderId can't be specified when SaveItemToFolder is false.",
        "ErrorItemNotFound" => "The specified object was not found in the store.",
        "ErrorFolderNotFound" => "The specified folder could not be found in the store.",
        "ErrorNameResolutionNoResults" => "No results were found.",
        "ErrorNameResolutionMultipleResults" => "Multiple results were found.",
        "ErrorNonExistentMailbox" => "The SMTP address has no mailbox associated with it.",
        "ErrorInvalidRequest" => "The request is invalid.",
        "ErrorInvalidServerVersion" => "The specified server version is invalid.",
        "ErrorInvalidExtendedProperty" => "The extended property attribute combination is invalid.",
        "ErrorQuotaExceeded" => "The mailbox quota has been exceeded.",
        "ErrorMessageSizeExceeded" => "The message exceeds the maximum supported size.",
        _ => $"The request failed with {code}.",
    };
}
