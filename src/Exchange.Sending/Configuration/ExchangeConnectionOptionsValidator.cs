using System.Text.RegularExpressions;
using FluentValidation;

namespace Exchange.Sending;

/// <summary>
/// Validates one connection's settings (FluentValidation). Runs at host start (<c>ValidateOnStart</c>), when a sender is
/// built directly, and on demand. Each message names the field and the fix; the connection name is added by the caller.
/// </summary>
internal sealed partial class ExchangeConnectionOptionsValidator : AbstractValidator<ExchangeConnectionOptions>
{
    /// <summary>Longest accepted <see cref="ExchangeConnectionOptions.SystemName"/>.</summary>
    public const int MaxSystemNameLength = 64;

    private static readonly string VersionList = string.Join(", ", Enum.GetNames<ExchangeVersion>());

    /// <summary>Creates the validator with all rules.</summary>
    public ExchangeConnectionOptionsValidator()
    {
        // Stop at the first failure: an empty name is reported as empty, not also as having invalid characters.
        RuleFor(o => o.SystemName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("SystemName is empty; enter a unique name of Latin letters, digits and '_', for example 'mail_main'.")
            .MaximumLength(MaxSystemNameLength).WithMessage($"SystemName is longer than {MaxSystemNameLength} characters; shorten it.")
            .Matches(SystemNamePattern()).WithMessage((_, name) => $"SystemName '{ValidationRules.Quote(name)}' may contain only Latin letters, digits and '_'; for example '{Suggest(name)}'.");

        // A disabled connection sends nothing, so an administrator may park an unfinished one: only its name is checked.
        When(o => !o.Disabled, ConnectionRules);
    }

    private void ConnectionRules()
    {
        RuleFor(o => o.ServerUrl).Custom((url, context) =>
        {
            if (!EwsEndpoint.TryCreate(url, context.InstanceToValidate.AllowInsecureHttp, out _, out var error))
            {
                context.AddFailure(nameof(ExchangeConnectionOptions.ServerUrl), "ServerUrl " + error);
            }
        });

        RuleFor(o => o.Version)
            .Must(v => Enum.IsDefined(v))
            .WithMessage($"Version is not an EWS RequestServerVersion name. Use one of: {VersionList} (default Exchange2013_SP1; Exchange2010_SP2 for Exchange 2010). Names such as Exchange2019 or Exchange2007_SP3 do not exist in EWS.");

        RuleFor(o => o.LogMode).IsInEnum().WithMessage("LogMode must be Full, ErrorsOnly or Off.");
        RuleFor(o => o.AuthenticationType).IsInEnum().WithMessage("AuthenticationType must be None, Basic, Windows or Bearer.");
        RuleFor(o => o.WindowsAuthenticationMode).IsInEnum().WithMessage("WindowsAuthenticationMode must be NegotiateThenNtlm, NtlmOnly or KerberosOnly.");
        RuleFor(o => o.MessageFormat).IsInEnum().WithMessage("MessageFormat must be Automatic, Items or Mime.");

        When(o => o.AuthenticationStrategy is null && o.AuthenticationType == ExchangeAuthenticationType.Basic, () =>
        {
            RuleFor(o => o.UserName).NotEmpty().WithMessage("UserName is empty but AuthenticationType is Basic; enter the account name, or choose AuthenticationType None.");
            RuleFor(o => o.Password).NotEmpty().WithMessage("Password is empty but AuthenticationType is Basic; enter the account's password.");
            RuleFor(o => o.UserName).Must(u => u is null || !u.Contains(':')).WithMessage("UserName contains ':', which Basic authentication cannot carry; use the account's logon name.");
            RuleFor(o => o.Domain).Must(d => d is null || !d.Contains(':')).WithMessage("Domain contains ':', which Basic authentication cannot carry; enter the Windows domain name, e.g. EXAMPLE.");
        });

        When(o => o.AuthenticationStrategy is null && o.AuthenticationType == ExchangeAuthenticationType.Windows, () =>
        {
            RuleFor(o => o.UserName).NotEmpty().When(o => !string.IsNullOrEmpty(o.Domain) || !string.IsNullOrEmpty(o.Password))
                .WithMessage("UserName is empty but Domain or Password is set; enter the account name (user, DOMAIN\\user or user@domain), or clear Domain and Password to use the process' default credentials.");
            RuleFor(o => o.Password).NotEmpty().When(o => !string.IsNullOrEmpty(o.UserName))
                .WithMessage("Password is empty but UserName is set; enter the account's password, or clear UserName to use the process' default credentials (Kerberos ticket).");
        });

        When(o => o.AuthenticationStrategy is null && o.AuthenticationType == ExchangeAuthenticationType.Bearer, () =>
        {
            RuleFor(o => o.AccessTokenProvider).NotNull().WithName(nameof(ExchangeConnectionOptions.AccessTokenProvider))
                .WithMessage("AccessTokenProvider is not set but AuthenticationType is Bearer; set it in code, since a token source cannot come from configuration: "
                    + "services.AddExchangeMailSender(name, section).UseAccessTokenProvider((request, ct) => …) (or .UseTokenCredential(credential) from the "
                    + "Exchange.Sending.Azure package); for connections registered together by AddExchangeMailSenders(section), "
                    + "services.Configure<ExchangeConnectionOptions>(name, o => o.AccessTokenProvider = …) (see docs/oauth.md); or choose another AuthenticationType.");
        });

        RuleFor(o => o.UserName).SingleLine().XmlSafeText();
        RuleFor(o => o.Domain).SingleLine().Must(d => d is null || !d.Any(char.IsWhiteSpace))
            .WithMessage("Domain contains spaces; enter the Windows domain (EXAMPLE) or Kerberos realm (EXAMPLE.COM).");

        RuleFor(o => o.SenderAddress).SmtpAddress();
        RuleFor(o => o.SenderName).SingleLine().XmlSafeText();
        ImpersonationRules();
        SharedMailboxRules();

        RuleFor(o => o.RequestTimeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))
            .WithMessage((_, t) => $"RequestTimeout {t} is out of range; use between 00:00:01 and 01:00:00 (hh:mm:ss).");
        RuleFor(o => o.MaxConcurrentRequests).InclusiveBetween(1, 27)
            .WithMessage((_, n) => $"MaxConcurrentRequests {n} is out of range; use 1 to 27 (Exchange allows 10 concurrent requests per account on 2010, 27 on 2013 and later).");
        RuleFor(o => o.MaxRetryAttempts).InclusiveBetween(0, 10)
            .WithMessage((_, n) => $"MaxRetryAttempts {n} is out of range; use 0 (no retries) to 10.");
        RuleFor(o => o.MaxRetryDelay).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(10))
            .WithMessage((_, t) => $"MaxRetryDelay {t} is out of range; use between 00:00:00 and 00:10:00.");
        RuleFor(o => o.MaxRecipientsPerMessage).InclusiveBetween(1, ExchangeConnectionOptions.MaxRecipientsPerMessageUpperBound)
            .WithMessage((_, n) => $"MaxRecipientsPerMessage {n} is out of range; use 1 to 100000 (default 500, Exchange's default recipient limit per message; enter the server's MaxRecipientEnvelopeLimit or the mailbox's RecipientLimits).");
        RuleFor(o => o.MaxMessagesPerBatchRequest).InclusiveBetween(1, 100)
            .WithMessage((_, n) => $"MaxMessagesPerBatchRequest {n} is out of range; use 1 to 100 (default 10: a batch request whose answer is lost leaves all its messages' outcome unknown).");
        RuleFor(o => o.SentItemsFilingTime).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))
            .WithMessage((_, t) => $"SentItemsFilingTime {t} is out of range; use between 00:00:01 and 00:05:00 (default 00:00:15).");
        RuleFor(o => o.ProxyUrl).Custom((url, context) =>
        {
            if (!string.IsNullOrWhiteSpace(url) && !Transport.Http.ConfiguredProxy.TryParse(url, out _, out var error))
            {
                context.AddFailure(nameof(ExchangeConnectionOptions.ProxyUrl), "ProxyUrl " + error);
            }
        });
        RuleFor(o => o.ProxyBypassList).Custom((list, context) =>
        {
            // Only forms ConfiguredProxy honours pass: an accepted entry that matched nothing would silently send through the proxy.
            foreach (var problem in (list ?? []).Select(Transport.Http.ConfiguredProxy.CheckBypassEntry).OfType<string>().Distinct())
            {
                context.AddFailure(nameof(ExchangeConnectionOptions.ProxyBypassList), "ProxyBypassList " + problem + ".");
            }
        });
        RuleFor(o => o.ProxyBypassList).Must(list => list is not { Count: > 0 }).When(o => string.IsNullOrWhiteSpace(o.ProxyUrl))
            .WithMessage("ProxyBypassList is set but ProxyUrl is empty; set ProxyUrl, or clear ProxyBypassList (the system proxy's own exceptions apply to it, e.g. NO_PROXY).");
        RuleFor(o => o.ProxyUseDefaultCredentials).Equal(false).When(o => string.IsNullOrWhiteSpace(o.ProxyUrl))
            .WithMessage("ProxyUseDefaultCredentials is true but ProxyUrl is empty; set ProxyUrl, or set ProxyUseDefaultCredentials to false.");
        RuleFor(o => o.TrustedCertificateThumbprints).Custom((list, context) =>
        {
            foreach (var text in list ?? [])
            {
                if (Transport.Http.ServerCertificateTrust.NormalizeThumbprint(text) is null)
                {
                    context.AddFailure(nameof(ExchangeConnectionOptions.TrustedCertificateThumbprints),
                        $"TrustedCertificateThumbprints entry '{ValidationRules.Quote(text)}' is not a certificate thumbprint; enter its SHA-256 (64 hex digits) or SHA-1 (40 hex digits, Windows' 'Thumbprint' field) thumbprint; spaces and colons may stay.");
                }
            }
        });
        RuleFor(o => o.TrustedCaCertificateFile).Custom((path, context) =>
        {
            if (!string.IsNullOrWhiteSpace(path) && Transport.Http.ServerCertificateTrust.LoadCertificates(path, out var error) is null)
            {
                context.AddFailure(nameof(ExchangeConnectionOptions.TrustedCaCertificateFile), "TrustedCaCertificateFile " + error);
            }
        });
        RuleFor(o => o).Must(o => o.TrustedCertificateThumbprints is not { Count: > 0 } && string.IsNullOrWhiteSpace(o.TrustedCaCertificateFile))
            .When(o => o.AllowInsecureHttp).OverridePropertyName(nameof(ExchangeConnectionOptions.AllowInsecureHttp))
            .WithMessage("TrustedCertificateThumbprints or TrustedCaCertificateFile is set but AllowInsecureHttp is true, so no certificate is ever checked; turn AllowInsecureHttp off to use HTTPS, or clear the trust settings.");
        RuleFor(o => o.SaveCopyToSentItems).Equal(true).When(o => o.ResolveUnknownOutcomes)
            .WithMessage("ResolveUnknownOutcomes needs SaveCopyToSentItems set to true: without a Sent Items copy a send whose answer was lost cannot be looked up. Turn one on or the other off.");
    }

    // \z, not $: $ also matches before a final line feed ("mail_main\n" passed).
    [GeneratedRegex(@"^[A-Za-z0-9_]+\z")]
    private static partial Regex SystemNamePattern();

    private static string Suggest(string? name)
    {
        var cleaned = new string((name ?? "").Select(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' ? c : '_').ToArray()).Trim('_');
        return cleaned.Length == 0 ? "mail_main" : cleaned;
    }
}
