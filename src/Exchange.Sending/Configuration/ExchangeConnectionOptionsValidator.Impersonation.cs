using FluentValidation;

namespace Exchange.Sending;

internal sealed partial class ExchangeConnectionOptionsValidator
{
    private void ImpersonationRules()
    {
        RuleFor(o => o.ImpersonatedUserIdType).IsInEnum()
            .WithMessage((_, t) => $"ImpersonatedUserIdType '{t}' is not known; use SmtpAddress, PrincipalName or Sid.");
        When(o => !string.IsNullOrEmpty(o.ImpersonatedUser), () =>
        {
            RuleFor(o => o.ImpersonatedUser).SmtpAddress().WithName(nameof(ExchangeConnectionOptions.ImpersonatedUser))
                .When(o => o.ImpersonatedUserIdType == ExchangeConnectingIdType.SmtpAddress);
            RuleFor(o => o.ImpersonatedUser).Must(ValidationRules.IsSmtpAddress)
                .When(o => o.ImpersonatedUserIdType == ExchangeConnectingIdType.PrincipalName)
                .WithMessage((_, upn) => $"ImpersonatedUser '{ValidationRules.Quote(upn)}' is not a user principal name; enter one such as 'name@corp.example.com', or set ImpersonatedUserIdType to the form you entered.");
            RuleFor(o => o.ImpersonatedUser).Must(sid => EwsImpersonationRules.IsValid(sid!, ExchangeConnectingIdType.Sid))
                .When(o => o.ImpersonatedUserIdType == ExchangeConnectingIdType.Sid)
                .WithMessage((_, sid) => $"ImpersonatedUser '{ValidationRules.Quote(sid)}' is not a SID; enter its string form such as 'S-1-5-21-1004336348-1177238915-682003330-512' (Get-Mailbox name | Select Sid), or set ImpersonatedUserIdType to the form you entered.");
        });
    }
}
