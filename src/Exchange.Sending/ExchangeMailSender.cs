using System.Diagnostics;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;
using Exchange.Sending.Ews.Mime;
using Exchange.Sending.Sending;
using Exchange.Sending.Transport;
using Exchange.Sending.Transport.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Sending;

/// <summary>
/// Sends e-mail through one EWS connection. Create it through DI (<c>services.AddExchangeMailSender(...)</c>, then
/// <see cref="IExchangeMailSenderFactory"/> or a keyed <see cref="IExchangeMailSender"/>) or directly with
/// <see cref="ExchangeMailSender(ExchangeConnectionOptions, ILoggerFactory?)"/>. Thread-safe; keep one instance per
/// connection for its lifetime (it owns the pooled HTTP handler). Members are virtual for mocking.
/// </summary>
public partial class ExchangeMailSender : IExchangeMailSender, IDisposable
{
    private static readonly ExchangeMailMessageValidator MessageValidator = new();

    private readonly ExchangeConnectionOptions _options = null!;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly EwsTransport? _transport;
    private readonly EwsConnection? _connection;
    private readonly MessageFormatSelector? _formats;
    private readonly ServerProbe? _probe;
    private readonly ExchangeSavedCopyFolder _savedCopyFolder = ExchangeSavedCopyFolder.AccountSentItems;
    private readonly UnknownSendTargets _unknownSends = new();

    /// <summary>For mocking frameworks only.</summary>
    protected ExchangeMailSender()
    {
    }

    /// <summary>Creates a sender for one connection. The options are copied and validated now.</summary>
    /// <param name="options">The connection's settings.</param>
    /// <param name="loggerFactory">Where logs go (filtered by <see cref="ExchangeConnectionOptions.LogMode"/>); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The settings are invalid; <see cref="OptionsValidationException.Failures"/> names each field and its fix.</exception>
    public ExchangeMailSender(ExchangeConnectionOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, loggerFactory, handler: null)
    {
    }

    internal ExchangeMailSender(ExchangeConnectionOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler? handler, HttpPipeline? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ExchangeConnectionValidation.ThrowIfInvalid(options);
        // A private copy: later changes to the caller's instance cannot bypass validation.
        _options = options.Clone();
        ConnectionName = _options.SystemName;
        // One category per connection (Exchange.Sending.Connection.{SystemName}), so that a host's Logging:LogLevel rules can route it.
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(ExchangeSendingDiagnostics.ConnectionLogCategoryPrefix + _options.SystemName);
        _logger = LogModeLogger.Create(logger, _options.LogMode);
        Log.ConnectionWarnings(_logger, _options);
        if (!_options.Disabled)
        {
            _transport = new EwsTransport(_options, AuthenticationStrategies.For(_options), _logger, handler, pipeline);
            _connection = new EwsConnection(_options, _transport, _logger);
            _formats = new MessageFormatSelector(_options.MessageFormat, _transport.Server);
            _probe = new ServerProbe(_connection);
            _savedCopyFolder = ExchangeSavedCopyFolder.For(_options.SaveCopyLocation, _options.SaveCopyFolder);
        }
    }

    /// <inheritdoc />
    public virtual string ConnectionName { get; } = "";

    /// <summary>The EWS endpoint this sender posts to; <see langword="null"/> when the connection is disabled.</summary>
    public virtual Uri? Endpoint => _transport?.Endpoint;

    /// <summary>The send itself; <see cref="SendAsync(ExchangeMailMessage, CancellationToken)"/> adds its span and counters when observed.</summary>
    private async Task<ExchangeSendResult> SendCoreAsync(ExchangeMailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_transport is null)
        {
            Log.ConnectionDisabled(_logger, ConnectionName);
            throw new ExchangeConnectionDisabledException(ConnectionName);
        }

        var validation = MessageValidator.Validate(message, _options);
        if (!validation.IsValid)
        {
            var errors = validation.Errors.Select(e => new ExchangeValidationError(e.PropertyName, e.ErrorMessage)).ToArray();
            var invalid = new ExchangeMessageValidationException(ConnectionName, errors);
            Log.SendFailed(_logger, message.InternetMessageId ?? "(none)", ConnectionName, "InvalidMessage", null, false, false, invalid.Message);
            throw invalid;
        }

        var from = FromOf(message);
        var sender = SentBy(message.Sender, from.Address);
        var internetMessageId = message.InternetMessageId ?? MessageIds.New(from.Address);
        var copyFolder = CopyFolder(message.SaveCopyTo, from.Address);
        var disposition = copyFolder is null ? CreateItemOperation.SendOnly : CreateItemOperation.SendAndSaveCopy;
        var impersonation = EwsImpersonation.For(message);
        var context = new SendContext(from, internetMessageId) { Sender = sender, CopyFolder = copyFolder, Impersonation = impersonation };
        var started = Stopwatch.GetTimestamp();
        ExchangeMessageFormat format = ExchangeMessageFormat.Items;
        var resolution = ExchangeOutcomeResolution.None;
        ExchangeMessageLookup? lookup = null;
        try
        {
            // Attachments of unknown length are spooled to temporary files: the Content-Length must be known up front.
            await using var spool = await AttachmentSpool.CreateAsync(message.Attachments, cancellationToken).ConfigureAwait(false);
            var attachments = spool.Attachments;
            format = await ResolveFormatAsync(internetMessageId, cancellationToken).ConfigureAwait(false);
            var threeCalls = format == ExchangeMessageFormat.Items && attachments.Count > 0 && !EwsNames.SupportsAttachmentsInCreateItem(_transport.Version);
            // The plans are made by methods of their own, so that this method captures nothing: a closure here would be
            // allocated on every send, taken or not (issue 10). The common send, one CreateItem without ResolveUnknownOutcomes,
            // needs no plan at all.
            Func<Task>? plan = null;
            var sendingRequests = 1;
            if (format == ExchangeMessageFormat.Mime)
            {
                // How Bcc and display names travel as MIME depend on the server (MimeSendPlan, AddressHeaderEncoder).
                await _probe!.EnsureKnownAsync(internetMessageId, cancellationToken).ConfigureAwait(false);
                var mime = CreateMime(message, from, sender, internetMessageId, attachments);
                var typed = MimeItemProperties.From(message);
                sendingRequests = MimeSendPlan.RequestCount(mime, typed, _transport.Server.Product);
                Log.SendStarting(_logger, internetMessageId, ConnectionName, message.RecipientCount, attachments.Count, sendingRequests);
                plan = MimePlan(mime, typed, disposition, copyFolder, CreateItemMimeOperation.IsSmallMessage(message, attachments), context, impersonation, cancellationToken);
            }
            else if (threeCalls)
            {
                Log.SendStarting(_logger, internetMessageId, ConnectionName, message.RecipientCount, attachments.Count, attachments.Count + 2);
                Log.UsingThreeCallPath(_logger, ConnectionName, _transport.Version.ToString());
                plan = ThreeCallPlanOf(message, attachments, context, cancellationToken);
            }
            else
            {
                Log.SendStarting(_logger, internetMessageId, ConnectionName, message.RecipientCount, attachments.Count, 1);
                var operation = new CreateItemOperation(message, from, internetMessageId, disposition, copyFolder, attachments, sender) { Impersonation = impersonation };
                if (_options.ResolveUnknownOutcomes)
                {
                    plan = OperationPlan(operation, context, cancellationToken);
                }
                else
                {
                    await _connection!.ExecuteAsync(operation, context, cancellationToken).ConfigureAwait(false);
                }
            }

            if (plan is not null)
            {
                (resolution, lookup) = await RunResolvingAsync(plan, sendingRequests, internetMessageId, message.Subject, copyFolder, cancellationToken, impersonation).ConfigureAwait(false);
            }
        }
        catch (ExchangeException ex)
        {
            throw RememberUnknown(Failed(ex, internetMessageId), copyFolder, impersonation);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw RememberUnknown(Canceled(ex, internetMessageId, cancellationToken), copyFolder, impersonation);
        }
        catch (EwsContentException local)
        {
            // Reading a single-use stream into its spool file failed: a local problem, before anything was sent.
            throw Failed(ExchangeErrors.LocalContent(ConnectionName, "the message", local, internetMessageId), internetMessageId);
        }

        var sent = Sent(context, disposition, format, message.RecipientCount, started).WithWarnings(validation.Warnings, _logger, ConnectionName);
        // A copy only when something was resolved: the result is otherwise complete as it is (issue 10).
        return resolution == ExchangeOutcomeResolution.None && lookup is null ? sent : sent with { OutcomeResolution = resolution, OutcomeLookup = lookup };
    }

    private Func<Task> MimePlan(MimeDocument mime, MimeItemProperties typed, string disposition, EwsFolderTarget? copyFolder, bool isSmall, SendContext context,
        EwsImpersonation? impersonation, CancellationToken cancellationToken) =>
        () => MimeSendPlan.RunAsync(mime, typed, disposition, copyFolder, isSmall, _transport!.Server.Product, ConnectionName, context.InternetMessageId,
            (operation, token) => _connection!.ExecuteAsync(operation, context, token), cancellationToken, impersonation);

    private Func<Task> ThreeCallPlanOf(ExchangeMailMessage message, IReadOnlyList<ExchangeAttachment> attachments, SendContext context, CancellationToken cancellationToken) =>
        () => ThreeCallPlan.RunAsync(_connection!, message, attachments, context, cancellationToken);

    private Func<Task> OperationPlan(IEwsOperation operation, SendContext context, CancellationToken cancellationToken) =>
        () => _connection!.ExecuteAsync(operation, context, cancellationToken);

    private MimeDocument CreateMime(ExchangeMailMessage message, ExchangeMailbox from, ExchangeMailbox? sender, string internetMessageId,
        IReadOnlyList<ExchangeAttachment> attachments)
    {
        try
        {
            return MimeMessageFactory.Create(message, from, internetMessageId, attachments, sender);
        }
        catch (MimeKit.ParseException ex)
        {
            // An address our SMTP check accepts but MimeKit cannot write (nothing has been sent yet).
            throw new ExchangeMessageValidationException(ConnectionName,
                [new ExchangeValidationError("To", $"An address of the message cannot be written as MIME ({ex.Message}); correct it, or set MessageFormat to Items.")]);
        }
    }

    /// <summary>The send itself; <see cref="SendAsync(MimeKit.MimeMessage, CancellationToken)"/> adds its span and counters when observed.</summary>
    private async Task<ExchangeSendResult> SendCoreAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_transport is null)
        {
            Log.ConnectionDisabled(_logger, ConnectionName);
            throw new ExchangeConnectionDisabledException(ConnectionName);
        }

        var errors = MimeMessageValidation.Validate(message, _options, out var warnings);
        if (errors.Count > 0)
        {
            var invalid = new ExchangeMessageValidationException(ConnectionName, errors);
            Log.SendFailed(_logger, message.MessageId is { } given ? "<" + given + ">" : "(none)", ConnectionName, "InvalidMessage", null, false, false, invalid.Message);
            throw invalid;
        }

        if (message.From.Count == 0)
        {
            message.From.Add(new MimeKit.MailboxAddress(_options.SenderName ?? "", _options.SenderAddress));
        }

        if (string.IsNullOrEmpty(message.MessageId))
        {
            message.MessageId = MessageIds.New(message.From.Mailboxes.First().Address).Trim('<', '>');
        }

        if (message.Sender is null && SentBy(null, message.From.Mailboxes.First().Address) is { } sentBy)
        {
            message.Sender = new MimeKit.MailboxAddress(sentBy.DisplayName ?? "", sentBy.Address);
        }

        var internetMessageId = "<" + message.MessageId + ">";
        var from = message.From.Mailboxes.First();
        var copyFolder = CopyFolder(null, from.Address);
        var disposition = copyFolder is null ? CreateItemOperation.SendOnly : CreateItemOperation.SendAndSaveCopy;
        var context = new SendContext(new ExchangeMailbox(from.Address, from.Name), internetMessageId) { CopyFolder = copyFolder };
        var typed = MimeItemProperties.From(message);
        var recipients = message.To.Mailboxes.Count() + message.Cc.Mailboxes.Count() + typed.Bcc.Count;
        var started = Stopwatch.GetTimestamp();
        var resolution = ExchangeOutcomeResolution.None;
        ExchangeMessageLookup? lookup = null;
        try
        {
            // How Bcc and display names travel as MIME depend on the server (MimeSendPlan, AddressHeaderEncoder).
            await _probe!.EnsureKnownAsync(internetMessageId, cancellationToken).ConfigureAwait(false);
            if (_transport.Server.Product == ExchangeServerProduct.Gromox)
            {
                // gromox decodes MimeKit's mixed encoded-word/quoted-string names with the quotes left in.
                AddressHeaderEncoder.Apply(message);
            }

            var mime = new MimeDocument(message, []);
            var sendingRequests = MimeSendPlan.RequestCount(mime, typed, _transport.Server.Product);
            Log.SendStarting(_logger, internetMessageId, ConnectionName, recipients, message.Attachments.Count(), sendingRequests);
            (resolution, lookup) = await RunResolvingAsync(
                () => MimeSendPlan.RunAsync(mime, typed, disposition, copyFolder, isSmall: false,
                    _transport.Server.Product, ConnectionName, internetMessageId, (operation, token) => _connection!.ExecuteAsync(operation, context, token), cancellationToken),
                sendingRequests, internetMessageId, message.Subject, copyFolder, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            throw RememberUnknown(Failed(ex, internetMessageId), copyFolder, null);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw RememberUnknown(Canceled(ex, internetMessageId, cancellationToken), copyFolder, null);
        }

        return Sent(context, disposition, ExchangeMessageFormat.Mime, recipients, started).WithWarnings(warnings, _logger, ConnectionName)
            with { OutcomeResolution = resolution, OutcomeLookup = lookup };
    }

    /// <summary>Runs a send plan; with ResolveUnknownOutcomes, settles an unknown outcome of a plan that sends one request
    /// (a gromox Bcc plan sends several, and a lost answer there is not settled by one lookup).</summary>
    private async Task<(ExchangeOutcomeResolution, ExchangeMessageLookup?)> RunResolvingAsync(Func<Task> plan, int sendingRequests, string internetMessageId,
        string? subject, EwsFolderTarget? copyFolder, CancellationToken cancellationToken, EwsImpersonation? impersonation = null)
    {
        var attemptStarted = DateTimeOffset.UtcNow;
        try
        {
            await plan().ConfigureAwait(false);
            return (ExchangeOutcomeResolution.None, null);
        }
        catch (ExchangeException ex) when (ex.OutcomeUnknown && _options.ResolveUnknownOutcomes && sendingRequests == 1)
        {
            return await UnknownOutcomeResolver.ResolveAsync(_connection!, _formats!, ex, internetMessageId, subject, attemptStarted, copyFolder, plan, cancellationToken, impersonation)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Where the copy of a message from <paramref name="from"/> goes: the message's own choice, else the connection's
    /// (<see langword="null"/>: no copy, SendOnly).</summary>
    private EwsFolderTarget? CopyFolder(ExchangeSavedCopyFolder? chosen, string from) =>
        chosen is not null ? EwsFolderTarget.For(chosen, from)
        : _options.SaveCopyToSentItems ? EwsFolderTarget.For(_savedCopyFolder, from)
        : null;

    /// <summary>A message's From: its own; else, when it impersonates a mailbox by SMTP address, that mailbox (it acts as that
    /// mailbox, whose own address needs no Send As); else the connection's sender.</summary>
    private ExchangeMailbox FromOf(ExchangeMailMessage message) =>
        message.From
        ?? (message is { ImpersonatedUser: { Length: > 0 } impersonated, ImpersonatedUserIdType: ExchangeConnectingIdType.SmtpAddress }
            ? new ExchangeMailbox(impersonated)
            : new ExchangeMailbox(_options.SenderAddress, _options.SenderName));

    /// <summary>The <c>t:Sender</c> of a message (send on behalf), none when it is the From address itself.</summary>
    private ExchangeMailbox? SentBy(ExchangeMailbox? chosen, string from)
    {
        var sender = chosen ?? (string.IsNullOrEmpty(_options.SentByAddress) ? null : new ExchangeMailbox(_options.SentByAddress, _options.SentByName));
        return sender is not null && !string.Equals(sender.Address, from, StringComparison.OrdinalIgnoreCase) ? sender : null;
    }

    /// <summary>Remembers where a send whose outcome is unknown saved its copy, for <see cref="FindSentMessageAsync"/>.</summary>
    private TError RememberUnknown<TError>(TError error, EwsFolderTarget? copyFolder, EwsImpersonation? impersonation) where TError : Exception
    {
        var (unknown, id) = error switch
        {
            ExchangeException e => (e.OutcomeUnknown, e.InternetMessageId),
            ExchangeSendCanceledException c => (c.OutcomeUnknown, c.InternetMessageId),
            _ => (false, null),
        };
        if (unknown && id is not null)
        {
            _unknownSends.Remember(id, copyFolder, impersonation);
        }

        return error;
    }

    /// <summary>Logs a failed send. Every error of a send is created naming its Message-ID (so an unknown outcome can be looked
    /// up before resending); one raised before the plan knew it is completed here, as a copy.</summary>
    private ExchangeException Failed(ExchangeException error, string internetMessageId)
    {
        var ex = error.InternetMessageId is null ? ExchangeErrors.Completed(error, internetMessageId) : error;
        Log.SendFailed(_logger, internetMessageId, ConnectionName, (ex as ExchangeServiceException)?.ResponseCode.ToString() ?? ex.GetType().Name,
            ex.HttpStatus, ex.IsTransient, ex.OutcomeUnknown, ex.Message);
        return ex;
    }

    /// <summary>Logs a cancelled send; one cancelled outside a request (spooling, the probe, a retry delay) sent nothing.</summary>
    private ExchangeSendCanceledException Canceled(OperationCanceledException ex, string internetMessageId, CancellationToken cancellationToken)
    {
        var typed = ex as ExchangeSendCanceledException
            ?? ExchangeErrors.Canceled(new ErrorSite(ConnectionName, _transport!.Endpoint, internetMessageId), null, requestSent: false, ex, cancellationToken);
        Log.SendFailed(_logger, internetMessageId, ConnectionName, "Canceled", null, false, typed.OutcomeUnknown, typed.Message);
        return typed;
    }

    private ExchangeSendResult Sent(SendContext context, string disposition, ExchangeMessageFormat format, int recipients, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        Log.MessageSent(_logger, context.InternetMessageId, ConnectionName, disposition, recipients, context.RequestBytes, (long)elapsed.TotalMilliseconds);
        var result = disposition == CreateItemOperation.SendOnly ? ExchangeMessageDisposition.SendOnly : ExchangeMessageDisposition.SendAndSaveCopy;
        return new ExchangeSendResult(context.InternetMessageId, result, context.RequestCount, context.RequestBytes, elapsed, context.ServerVersion)
        {
            MessageFormat = format,
        };
    }

    /// <summary>The format for this send; with Automatic and nothing learned yet, one GetFolder (shared by concurrent sends) asks the server first.</summary>
    private async ValueTask<ExchangeMessageFormat> ResolveFormatAsync(string internetMessageId, CancellationToken cancellationToken)
    {
        if (_formats!.NeedsProbe)
        {
            await _probe!.EnsureKnownAsync(internetMessageId, cancellationToken).ConfigureAwait(false);
        }

        var (format, reason) = _formats.Resolve();
        Log.MessageFormatChosen(_logger, ConnectionName, format.ToString(), reason);
        ExchangeTelemetry.FormatChosen(format);
        return format;
    }

    /// <inheritdoc />
    public virtual async Task<ExchangeMessageLookup> FindSentMessageAsync(string internetMessageId, ExchangeMessageLookupOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var id = MessageIds.Normalize(internetMessageId);
        options ??= new ExchangeMessageLookupOptions();
        if (options.FilingTime < TimeSpan.Zero || options.FilingTime > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FilingTime, "ExchangeMessageLookupOptions.FilingTime must be between zero and one hour.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PollInterval, "ExchangeMessageLookupOptions.PollInterval must be between 100 milliseconds and 1 minute.");
        }

        if (options.SentAt is { } sentAt && (sentAt > DateTimeOffset.UtcNow.AddMinutes(5) || sentAt < DateTimeOffset.UtcNow.AddDays(-365)))
        {
            // A send in the future would stretch the wait past FilingTime's limit; one years ago has nothing left to wait for.
            throw new ArgumentOutOfRangeException(nameof(options), sentAt, "ExchangeMessageLookupOptions.SentAt must be a time of the send: not more than 5 minutes ahead of now, and within the last year.");
        }

        if (!string.IsNullOrEmpty(options.ImpersonatedUser)
            && (!Enum.IsDefined(options.ImpersonatedUserIdType) || !EwsImpersonationRules.IsValid(options.ImpersonatedUser, options.ImpersonatedUserIdType)))
        {
            throw new ArgumentException("ExchangeMessageLookupOptions." + (Enum.IsDefined(options.ImpersonatedUserIdType)
                ? EwsImpersonationRules.Problem(options.ImpersonatedUser, options.ImpersonatedUserIdType)
                : $"ImpersonatedUserIdType '{options.ImpersonatedUserIdType}' is not known; use SmtpAddress, PrincipalName or Sid."), nameof(options));
        }

        if (_connection is null)
        {
            Log.ConnectionDisabled(_logger, ConnectionName);
            throw new ExchangeConnectionDisabledException(ConnectionName);
        }

        // Subject or SentAt narrow the search to one send, as ResolveUnknownOutcomes narrows it to its own attempt.
        var attempt = options.Subject is null && options.SentAt is null ? null : new SentMessageLookup.Attempt(options.Subject, options.SentAt);
        // Where copies go: the folder asked for; else, for a send of this sender whose outcome was unknown, where its copy went;
        // else the connection's (none kept with SendOnly). As whom: the options', else that send's, else the connection's.
        var remembered = _unknownSends.Find(id);
        var folder = options.Folder is { } asked ? EwsFolderTarget.For(asked, _options.SenderAddress)
            : remembered is not null ? remembered.CopyFolder
            : CopyFolder(null, _options.SenderAddress);
        var impersonation = options.ImpersonatedUser is { } user
            ? (user.Length == 0 ? EwsImpersonation.Self : new EwsImpersonation(options.ImpersonatedUserIdType, user))
            : remembered?.Impersonation;
        return await SentMessageLookup.FindAsync(_connection, _formats!, id, options, attempt, folder, cancellationToken, impersonation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual Task<ExchangeConnectionCheck> TestConnectionAsync(CancellationToken cancellationToken = default) =>
        TestConnectionAsync(new ExchangeConnectionCheckOptions(), cancellationToken);

    /// <inheritdoc />
    public virtual async Task<ExchangeConnectionCheck> TestConnectionAsync(ExchangeConnectionCheckOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_connection is null)
        {
            Log.CheckFailed(_logger, ConnectionName, nameof(ExchangeConnectionCheckStep.Enabled), "disabled");
            return ConnectionCheck.Disabled(ConnectionName);
        }

        return await ConnectionCheck.RunAsync(_connection, _formats!, options, (message, token) => SendAsync(message, token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the connection's pooled HTTP handler.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connection's pooled HTTP handler.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transport?.Dispose();
        }
    }

    /// <summary>The connection's name and endpoint; never credentials.</summary>
    public override string ToString() => $"ExchangeMailSender '{ConnectionName}' -> {Endpoint?.ToString() ?? "(disabled)"}";
}
