using System.Diagnostics;
using System.Globalization;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;
using Exchange.Sending.Ews.Mime;
using Exchange.Sending.Sending;
using Exchange.Sending.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Exchange.Sending;

/// <summary>
/// Sends e-mail through one EWS connection. Create it through DI (<c>services.AddExchangeMailSender(...)</c>, then
/// <see cref="IExchangeMailSenderFactory"/> or a keyed <see cref="IExchangeMailSender"/>) or directly with
/// <see cref="ExchangeMailSender(ExchangeConnectionOptions, ILoggerFactory?)"/>. Thread-safe; keep one instance per
/// connection for its lifetime (it owns the pooled HTTP handler). Members are virtual for mocking.
/// </summary>
public class ExchangeMailSender : IExchangeMailSender, IDisposable
{
    private static readonly ExchangeMailMessageValidator MessageValidator = new();

    private readonly ExchangeConnectionOptions _options = null!;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly EwsTransport? _transport;
    private readonly ResiliencePipeline _retry = ResiliencePipeline.Empty;
    private readonly MessageFormatSelector? _formats;
    private readonly object _probeGate = new();
    private Task? _probe;

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

    internal ExchangeMailSender(ExchangeConnectionOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ExchangeConnectionValidation.ThrowIfInvalid(options);
        // A private copy: later changes to the caller's instance cannot bypass validation.
        _options = options.Clone();
        ConnectionName = _options.SystemName;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Exchange.Sending.ExchangeMailSender");
        _logger = LogModeLogger.Create(logger, _options.LogMode);
        if (!_options.Disabled)
        {
            _transport = new EwsTransport(_options, AuthenticationStrategies.For(_options), _logger, handler);
            _retry = BuildRetryPipeline(_options);
            _formats = new MessageFormatSelector(_options.MessageFormat, _transport.Server);
        }
    }

    /// <inheritdoc />
    public virtual string ConnectionName { get; } = "";

    /// <summary>The EWS endpoint this sender posts to; <see langword="null"/> when the connection is disabled.</summary>
    public virtual Uri? Endpoint => _transport?.Endpoint;

    /// <inheritdoc />
    public virtual async Task<ExchangeSendResult> SendAsync(ExchangeMailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_transport is null)
        {
            Log.ConnectionDisabled(_logger, ConnectionName);
            throw new ExchangeConnectionDisabledException(ConnectionName);
        }

        var validation = MessageValidator.Validate(message);
        if (!validation.IsValid)
        {
            var errors = validation.Errors.Select(e => new ExchangeValidationError(e.PropertyName, e.ErrorMessage)).ToArray();
            var invalid = new ExchangeMessageValidationException(ConnectionName, errors);
            Log.SendFailed(_logger, message.InternetMessageId ?? "(none)", ConnectionName, "InvalidMessage", null, false, false, invalid.Message);
            throw invalid;
        }

        var from = message.From ?? new ExchangeMailbox(_options.SenderAddress, _options.SenderName);
        var internetMessageId = message.InternetMessageId ?? NewInternetMessageId(from.Address);
        var disposition = Disposition;
        var context = new SendContext(from, internetMessageId);
        var started = Stopwatch.GetTimestamp();
        ExchangeMessageFormat format = ExchangeMessageFormat.Items;
        try
        {
            // Attachments of unknown length are spooled to temporary files: the Content-Length must be known up front.
            await using var spool = await AttachmentSpool.CreateAsync(message.Attachments, cancellationToken).ConfigureAwait(false);
            var attachments = spool.Attachments;
            format = await ResolveFormatAsync(cancellationToken).ConfigureAwait(false);
            var threeCalls = format == ExchangeMessageFormat.Items && attachments.Count > 0 && !EwsNames.SupportsAttachmentsInCreateItem(_options.Version);
            if (format == ExchangeMessageFormat.Mime)
            {
                // How Bcc and display names travel as MIME depend on the server (MimeSendPlan, AddressHeaderEncoder).
                await EnsureServerKnownAsync(cancellationToken).ConfigureAwait(false);
                var mime = CreateMime(message, from, internetMessageId, attachments);
                var typed = MimeItemProperties.From(message);
                Log.SendStarting(_logger, internetMessageId, ConnectionName, message.RecipientCount, attachments.Count, MimeSendPlan.RequestCount(mime, typed, _transport.Server.Product));
                await MimeSendPlan.RunAsync(mime, typed, disposition, SavedItemFolder,
                    CreateItemMimeOperation.IsSmallMessage(message, attachments), _transport.Server.Product, ConnectionName,
                    (operation, token) => ExecuteAsync(operation, context, token), cancellationToken).ConfigureAwait(false);
            }
            else if (threeCalls)
            {
                Log.SendStarting(_logger, internetMessageId, ConnectionName, message.RecipientCount, attachments.Count, attachments.Count + 2);
                Log.UsingThreeCallPath(_logger, ConnectionName, _options.Version.ToString());
                await SendInThreeCallsAsync(message, attachments, context, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Log.SendStarting(_logger, internetMessageId, ConnectionName, message.RecipientCount, attachments.Count, 1);
                var operation = new CreateItemOperation(message, from, internetMessageId, disposition, SavedItemFolder, attachments);
                await ExecuteAsync(operation, context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ExchangeException ex)
        {
            throw Failed(ex, internetMessageId);
        }
        catch (EwsContentException local)
        {
            // Reading a single-use stream into its spool file failed: a local problem, before anything was sent.
            throw Failed(new ExchangeException(
                $"Exchange connection '{ConnectionName}': the message was not sent because {local.Message} Nothing was delivered; fix the attachment and send again.",
                ConnectionName, local.InnerException), internetMessageId);
        }

        return Sent(context, disposition, format, message.RecipientCount, started);
    }

    private MimeDocument CreateMime(ExchangeMailMessage message, ExchangeMailbox from, string internetMessageId, IReadOnlyList<ExchangeAttachment> attachments)
    {
        try
        {
            return MimeMessageFactory.Create(message, from, internetMessageId, attachments);
        }
        catch (MimeKit.ParseException ex)
        {
            // An address our SMTP check accepts but MimeKit cannot write (nothing has been sent yet).
            throw new ExchangeMessageValidationException(ConnectionName,
                [new ExchangeValidationError("To", $"An address of the message cannot be written as MIME ({ex.Message}); correct it, or set MessageFormat to Items.")]);
        }
    }

    /// <inheritdoc />
    public virtual async Task<ExchangeSendResult> SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_transport is null)
        {
            Log.ConnectionDisabled(_logger, ConnectionName);
            throw new ExchangeConnectionDisabledException(ConnectionName);
        }

        var errors = MimeMessageValidation.Validate(message);
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
            message.MessageId = NewInternetMessageId(message.From.Mailboxes.First().Address).Trim('<', '>');
        }

        var internetMessageId = "<" + message.MessageId + ">";
        var from = message.From.Mailboxes.First();
        var context = new SendContext(new ExchangeMailbox(from.Address, from.Name), internetMessageId);
        var typed = MimeItemProperties.From(message);
        var recipients = message.To.Mailboxes.Count() + message.Cc.Mailboxes.Count() + typed.Bcc.Count;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // How Bcc and display names travel as MIME depend on the server (MimeSendPlan, AddressHeaderEncoder).
            await EnsureServerKnownAsync(cancellationToken).ConfigureAwait(false);
            if (_transport.Server.Product == ExchangeServerProduct.Gromox)
            {
                // gromox decodes MimeKit's mixed encoded-word/quoted-string names with the quotes left in.
                AddressHeaderEncoder.Apply(message);
            }

            var mime = new MimeDocument(message, []);
            Log.SendStarting(_logger, internetMessageId, ConnectionName, recipients, message.Attachments.Count(), MimeSendPlan.RequestCount(mime, typed, _transport.Server.Product));
            await MimeSendPlan.RunAsync(mime, typed, Disposition, SavedItemFolder, isSmall: false,
                _transport.Server.Product, ConnectionName, (operation, token) => ExecuteAsync(operation, context, token), cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            throw Failed(ex, internetMessageId);
        }

        return Sent(context, Disposition, ExchangeMessageFormat.Mime, recipients, started);
    }

    private string Disposition => _options.SaveCopyToSentItems ? CreateItemOperation.SendAndSaveCopy : CreateItemOperation.SendOnly;

    private string? SavedItemFolder => _options.SaveCopyToSentItems ? "sentitems" : null;

    private ExchangeException Failed(ExchangeException ex, string internetMessageId)
    {
        // Every failure of a send names its Message-ID, so an unknown outcome can be looked up before resending.
        ex.InternetMessageId ??= internetMessageId;
        Log.SendFailed(_logger, internetMessageId, ConnectionName, (ex as ExchangeServiceException)?.ResponseCodeName ?? ex.GetType().Name,
            ex.HttpStatus, ex.IsTransient, ex.OutcomeUnknown, ex.Message);
        return ex;
    }

    private ExchangeSendResult Sent(SendContext context, string disposition, ExchangeMessageFormat format, int recipients, long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        Log.MessageSent(_logger, context.InternetMessageId, ConnectionName, disposition, recipients, context.RequestBytes, (long)elapsed.TotalMilliseconds);
        return new ExchangeSendResult(context.InternetMessageId, disposition, context.RequestCount, context.RequestBytes, elapsed, context.ServerVersion)
        {
            MessageFormat = format,
        };
    }

    /// <summary>The format for this send; with Automatic and nothing learned yet, one GetFolder (shared by concurrent sends) asks the server first.</summary>
    private async Task<ExchangeMessageFormat> ResolveFormatAsync(CancellationToken cancellationToken)
    {
        if (_formats!.NeedsProbe)
        {
            await EnsureServerKnownAsync(cancellationToken).ConfigureAwait(false);
        }

        var (format, reason) = _formats.Resolve();
        Log.MessageFormatChosen(_logger, ConnectionName, format.ToString(), reason);
        return format;
    }

    /// <summary>Asks the server once (GetFolder), unless an answer on this connection already told which server it is.
    /// Concurrent sends share one probe, its failure included; the next send after a failure asks again.</summary>
    private async Task EnsureServerKnownAsync(CancellationToken cancellationToken)
    {
        if (_transport!.Server.IsKnown)
        {
            return;
        }

        Task probe;
        lock (_probeGate)
        {
            if (_probe is null || (_probe.IsCompleted && !_transport.Server.IsKnown))
            {
                // The probe runs on the sender's lifetime, not one caller's token: a caller that gives up does not fail the others.
                _probe = ProbeServerAsync();
            }

            probe = _probe;
        }

        await probe.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ProbeServerAsync()
    {
        try
        {
            await _retry.ExecuteAsync(async token => await _transport!.SendAsync(new GetFolderOperation("sentitems"), token).ConfigureAwait(false), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (ExchangeTransportException ex) when (ex.OutcomeUnknown)
        {
            // Only the GetFolder's answer was lost: the message itself has not been sent.
            throw new ExchangeTransportException(
                $"Exchange connection '{ConnectionName}': the server could not be identified before sending (MessageFormat Automatic, or a MIME send): "
                + $"GetFolder to {ex.Endpoint} got no complete answer ({ex.Failure}). The message was not sent; try again.",
                ex.Failure, ex.Endpoint, ConnectionName, ex.HttpStatus, ex);
        }
    }

    /// <inheritdoc />
    public virtual async Task<ExchangeConnectionCheck> TestConnectionAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var steps = new List<ExchangeConnectionCheckStepResult>();
        if (_transport is null)
        {
            steps.Add(new(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStatus.Failed, "The connection is disabled; set Disabled to false to use it. Nothing was sent over the network."));
            AddSkipped(steps, ExchangeConnectionCheckStep.Endpoint);
            Log.CheckFailed(_logger, ConnectionName, nameof(ExchangeConnectionCheckStep.Enabled), "disabled");
            return new ExchangeConnectionCheck(ConnectionName, null, steps, null, new ExchangeConnectionDisabledException(ConnectionName), Stopwatch.GetElapsedTime(started), []);
        }

        steps.Add(new(ExchangeConnectionCheckStep.Enabled, ExchangeConnectionCheckStatus.Passed, "The connection is enabled."));
        ExchangeServerVersionInfo? serverVersion = null;
        ExchangeException? error = null;
        ExchangeAuthenticationReport? authentication = null;
        var offered = await ProbeOfferedSchemesAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var call = await _transport.SendAsync(new GetFolderOperation("sentitems"), cancellationToken, describeAuthentication: true).ConfigureAwait(false);
            authentication = call.Authentication;
            serverVersion = call.Response.ServerVersion;
            steps.Add(new(ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStatus.Passed, $"{_transport.Endpoint} answers EWS (server {serverVersion?.ToString() ?? "version not reported"})."));
            steps.Add(new(ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStatus.Passed, $"The server accepted {AccountText()}"
                + (authentication?.Scheme is { } scheme ? $" with {scheme}{(authentication.Package is { } package ? " (" + package + ")" : "")}." : ".")));
            steps.Add(new(ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStatus.Passed, $"The server accepts RequestServerVersion {_options.Version}."));
            var folder = call.Response.Messages[0];
            if (folder.IsSuccess)
            {
                steps.Add(new(ExchangeConnectionCheckStep.Mailbox, ExchangeConnectionCheckStatus.Passed, "The account's Sent Items folder is accessible."));
            }
            else
            {
                error = ServiceError(folder, "GetFolder", call.HttpStatus, null);
                steps.Add(new(ExchangeConnectionCheckStep.Mailbox, ExchangeConnectionCheckStatus.Failed, error.Message));
            }
        }
        catch (ExchangeAuthenticationException ex)
        {
            error = ex;
            steps.Add(new(ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStatus.Passed, $"{_transport.Endpoint} answered (HTTP 401, authentication required)."));
            steps.Add(new(ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStatus.Failed, ex.Message));
            AddSkipped(steps, ExchangeConnectionCheckStep.Version);
        }
        catch (ExchangeServiceException ex) when (ex.ResponseCodeName is "ErrorInvalidServerVersion" or "ErrorSchemaValidation" or "ErrorIncorrectSchemaVersion")
        {
            error = ex;
            steps.Add(new(ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStatus.Passed, $"{_transport.Endpoint} answers EWS."));
            steps.Add(new(ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStatus.Passed, $"The server accepted {AccountText()}."));
            steps.Add(new(ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStatus.Failed, ex.Message));
            AddSkipped(steps, ExchangeConnectionCheckStep.Mailbox);
        }
        catch (ExchangeServiceException ex)
        {
            error = ex;
            steps.Add(new(ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStatus.Passed, $"{_transport.Endpoint} answers EWS."));
            steps.Add(new(ExchangeConnectionCheckStep.Authentication, ExchangeConnectionCheckStatus.Passed, $"The server accepted {AccountText()}."));
            steps.Add(new(ExchangeConnectionCheckStep.Version, ExchangeConnectionCheckStatus.Passed, $"The server accepts RequestServerVersion {_options.Version}."));
            steps.Add(new(ExchangeConnectionCheckStep.Mailbox, ExchangeConnectionCheckStatus.Failed, ex.Message));
        }
        catch (ExchangeTransportException ex)
        {
            error = ex;
            steps.Add(new(ExchangeConnectionCheckStep.Endpoint, ExchangeConnectionCheckStatus.Failed, ex.Message));
            AddSkipped(steps, ExchangeConnectionCheckStep.Authentication);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var schemes = offered.Count > 0 ? offered : authentication?.OfferedSchemes is { Count: > 0 } seen ? seen : _transport.LastOfferedSchemes;
        var (format, formatReason) = _formats!.Resolve();
        var check = new ExchangeConnectionCheck(ConnectionName, _transport.Endpoint, steps, serverVersion, error, elapsed, schemes)
        {
            AuthenticationScheme = authentication?.Succeeded == true ? authentication.Scheme : null,
            AuthenticationPackage = authentication?.Succeeded == true ? authentication.Package : null,
            Server = _transport.Server.Product,
            MessageFormat = format,
            MessageFormatReason = formatReason,
        };
        if (check.Succeeded)
        {
            Log.CheckPassed(_logger, ConnectionName, (long)elapsed.TotalMilliseconds, serverVersion?.ToString() ?? "unknown");
        }
        else
        {
            Log.CheckFailed(_logger, ConnectionName, check.FailedStep.ToString()!, check.FailureReason ?? "");
        }

        return check;
    }

    /// <summary>For strategies that can (Windows), asks once without credentials so the server's 401 lists every scheme it offers.</summary>
    private async Task<IReadOnlyList<string>> ProbeOfferedSchemesAsync(CancellationToken cancellationToken)
    {
        using var scope = _transport!.Strategy.SuppressCredentials();
        if (scope is null)
        {
            return [];
        }

        try
        {
            await _transport.SendAsync(new GetFolderOperation("sentitems"), cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeAuthenticationException ex)
        {
            return ex.OfferedSchemes;
        }
        catch (ExchangeException)
        {
            // The real request below reports endpoint problems.
        }

        return [];
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

    private async Task SendInThreeCallsAsync(ExchangeMailMessage message, IReadOnlyList<ExchangeAttachment> attachments, SendContext context, CancellationToken cancellationToken)
    {
        // Drafts by name: gromox saves a SaveOnly item without SavedItemFolderId to the Outbox, Exchange to Drafts.
        var created = await ExecuteAsync(new CreateItemOperation(message, context.From, context.InternetMessageId, CreateItemOperation.SaveOnly, "drafts", []),
            context, cancellationToken).ConfigureAwait(false);
        var itemId = created.ItemId ?? throw new ExchangeException($"Exchange connection '{ConnectionName}': CreateItem (SaveOnly) returned no ItemId, so the attachments cannot be added.", ConnectionName);
        var changeKey = created.ChangeKey ?? "";
        try
        {
            foreach (var attachment in attachments)
            {
                var added = await ExecuteAsync(new CreateAttachmentOperation(itemId, changeKey, attachment), context, cancellationToken).ConfigureAwait(false);
                // The draft's ChangeKey moves on with every attachment; SendItem needs the newest one.
                changeKey = added.RootItemChangeKey ?? changeKey;
            }

            await ExecuteAsync(new SendItemOperation(itemId, changeKey, _options.SaveCopyToSentItems), context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExchangeException or OperationCanceledException)
        {
            if (ex is ExchangeException { OutcomeUnknown: true } unknown)
            {
                // The draft may have been sent and moved already: deleting by id could remove the sent copy.
                unknown.LeftoverDraftItemId = itemId;
                throw;
            }

            await DeleteDraftAsync(itemId, ex).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DeleteDraftAsync(string itemId, Exception failure)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            var call = await _transport!.SendAsync(new DeleteItemOperation(itemId), timeout.Token).ConfigureAwait(false);
            var deleted = call.Response.Messages[0];
            if (!deleted.IsSuccess)
            {
                throw ServiceError(deleted, "DeleteItem", call.HttpStatus, null);
            }
        }
        catch (Exception deleteError) when (deleteError is ExchangeException or OperationCanceledException)
        {
            Log.DraftNotDeleted(_logger, ConnectionName, itemId, deleteError.Message);
            if (failure is ExchangeException exchange)
            {
                exchange.LeftoverDraftItemId = itemId;
            }
        }
    }

    /// <summary>Sends one operation through the retry pipeline and returns its first response message, or throws for an error code.</summary>
    private async Task<EwsResponseMessage> ExecuteAsync(IEwsOperation operation, SendContext context, CancellationToken cancellationToken)
    {
        // Content that can be read only once cannot be sent again, so it is never retried.
        var pipeline = operation.HasSingleUseContent ? ResiliencePipeline.Empty : _retry;
        return await pipeline.ExecuteAsync(async token =>
        {
            var call = await _transport!.SendAsync(operation, token).ConfigureAwait(false);
            context.RequestCount++;
            context.RequestBytes += call.RequestBytes;
            context.ServerVersion = call.Response.ServerVersion ?? context.ServerVersion;
            var first = call.Response.Messages[0];
            return first.IsSuccess ? first : throw ServiceError(first, operation.Name, call.HttpStatus, context);
        }, cancellationToken).ConfigureAwait(false);
    }

    private ExchangeServiceException ServiceError(EwsResponseMessage response, string operation, int httpStatus, SendContext? context)
    {
        var code = response.ResponseCode.Length > 0 ? response.ResponseCode : "(no ResponseCode)";
        string text;
        string? mailbox = null;
        if (code == "ErrorSendAsDenied" && context is not null)
        {
            mailbox = context.From.Address;
            text = $"Exchange connection '{ConnectionName}': the server refused to send as '{mailbox}' (ErrorSendAsDenied): {AccountText()} does not have Send As permission on that mailbox. "
                + $"Grant the account Send As on '{mailbox}' (Exchange Server: Add-ADPermission -ExtendedRights 'Send As'; Exchange Online: Add-RecipientPermission -AccessRights SendAs), "
                + "or set SenderAddress to the account's own mailbox address.";
        }
        else
        {
            var advice = ExchangeResponseCodes.Advice(code);
            text = $"Exchange connection '{ConnectionName}': {operation} failed with {code} ({response.ResponseClass})"
                + (string.IsNullOrWhiteSpace(response.MessageText) ? "." : $": {_transport!.Secrets.Redact(response.MessageText.Trim())}")
                + (advice is null ? "" : " " + advice);
        }

        return new ExchangeServiceException(text, code, ConnectionName, httpStatus)
        {
            ServerMessage = _transport!.Secrets.Redact(response.MessageText),
            MessageXml = _transport.Secrets.Redact(response.MessageXml),
            Operation = operation,
            BackOff = response.BackOffMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Mailbox = mailbox,
            InternetMessageId = context?.InternetMessageId,
        };
    }

    private string AccountText() => string.IsNullOrEmpty(_options.UserName)
        ? (_options.AuthenticationStrategy is null && _options.AuthenticationType == ExchangeAuthenticationType.None ? "the anonymous request" : "the connection's credentials")
        : $"account '{_options.UserName}'";

    private static void AddSkipped(List<ExchangeConnectionCheckStepResult> steps, ExchangeConnectionCheckStep from)
    {
        for (var step = from; step <= ExchangeConnectionCheckStep.Mailbox; step++)
        {
            steps.Add(new(step, ExchangeConnectionCheckStatus.Skipped, "Not checked because an earlier step failed."));
        }
    }

    private static string NewInternetMessageId(string fromAddress)
    {
        var domain = fromAddress[(fromAddress.LastIndexOf('@') + 1)..];
        try
        {
            domain = new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            domain = "exchange.sending";
        }

        return $"<{Guid.NewGuid():N}@{domain}>";
    }

    private ResiliencePipeline BuildRetryPipeline(ExchangeConnectionOptions options)
    {
        if (options.MaxRetryAttempts == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ExchangeException ex && IsSafeToResend(ex, options.MaxRetryDelay)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ExchangeServiceException { BackOff: { } backOff } ? backOff : (TimeSpan?)null),
            OnRetry = args =>
            {
                var reason = args.Outcome.Exception switch
                {
                    ExchangeServiceException s => s.ResponseCodeName,
                    ExchangeTransportException t => t.Failure + (t.HttpStatus is { } status ? " " + status : ""),
                    var other => other?.GetType().Name ?? "unknown",
                };
                Log.RetryScheduled(_logger, ConnectionName, "request", args.AttemptNumber + 1, reason, (long)args.RetryDelay.TotalMilliseconds);
                return default;
            },
        }).Build();
    }

    /// <summary>Only failures that prove the server did not take the request are retried: no message is sent twice.</summary>
    private static bool IsSafeToResend(ExchangeException ex, TimeSpan maxDelay) => ex switch
    {
        { OutcomeUnknown: true } => false,
        ExchangeServiceException service => ExchangeResponseCodes.IsSafeToResend(service.ResponseCodeName) && (service.BackOff ?? TimeSpan.Zero) <= maxDelay,
        ExchangeAuthenticationException => false,
        ExchangeTransportException transport => transport.Failure == ExchangeTransportFailure.ConnectionRefused || transport.HttpStatus == 503,
        _ => false,
    };

    /// <summary>Per-send bookkeeping.</summary>
    private sealed class SendContext(ExchangeMailbox from, string internetMessageId)
    {
        public ExchangeMailbox From { get; } = from;
        public string InternetMessageId { get; } = internetMessageId;
        public int RequestCount { get; set; }
        public long RequestBytes { get; set; }
        public ExchangeServerVersionInfo? ServerVersion { get; set; }
    }
}
