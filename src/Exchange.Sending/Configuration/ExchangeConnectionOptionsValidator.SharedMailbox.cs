using FluentValidation;

namespace Exchange.Sending;

internal sealed partial class ExchangeConnectionOptionsValidator
{
    /// <summary>Send on behalf (SentByAddress) and where the saved copy goes (SaveCopyLocation, SaveCopyFolder).</summary>
    private void SharedMailboxRules()
    {
        RuleFor(o => o.SentByAddress).SmtpAddress().WithName(nameof(ExchangeConnectionOptions.SentByAddress))
            .When(o => !string.IsNullOrEmpty(o.SentByAddress));
        RuleFor(o => o.SentByName).SingleLine().XmlSafeText().WithName(nameof(ExchangeConnectionOptions.SentByName));
        RuleFor(o => o.SentByName).Empty().When(o => string.IsNullOrEmpty(o.SentByAddress))
            .WithMessage("SentByName is set but SentByAddress is empty; enter the address that sends on behalf of SenderAddress, or clear SentByName.");

        RuleFor(o => o.SaveCopyLocation).IsInEnum()
            .WithMessage((_, l) => $"SaveCopyLocation '{l}' is not known; use AccountSentItems, SenderSentItems or Folder.");
        RuleFor(o => o.SaveCopyFolder).Custom((folder, context) =>
        {
            var options = context.InstanceToValidate;
            if (options.SaveCopyLocation == ExchangeSavedCopyLocation.Folder)
            {
                if (ExchangeSavedCopyFolder.Problem(folder) is { } problem)
                {
                    context.AddFailure(nameof(ExchangeConnectionOptions.SaveCopyFolder), "SaveCopyFolder: " + problem + " (SaveCopyLocation is Folder.)");
                }
            }
            else if (!string.IsNullOrEmpty(folder))
            {
                context.AddFailure(nameof(ExchangeConnectionOptions.SaveCopyFolder),
                    $"SaveCopyFolder '{ValidationRules.Abbreviate(folder)}' is set but SaveCopyLocation is {options.SaveCopyLocation}; set SaveCopyLocation to Folder to save copies there, or clear SaveCopyFolder.");
            }
        });
    }
}
