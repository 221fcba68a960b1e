using System.Diagnostics;
using Exchange.Sending.Diagnostics;
using Exchange.Sending.Ews;
using Exchange.Sending.Sending;
using Exchange.Sending.Transport;
using Polly;

namespace Exchange.Sending;

/// <summary>
/// Batches: many messages, several per <c>CreateItem</c> (<see cref="ExchangeConnectionOptions.MaxMessagesPerBatchRequest"/>),
/// one result per message in input order. Safety over speed: a request is resent only on failures that prove the server did
/// not take it (the retry pipeline's rule), never on a refusal of one of its items (the others may have gone out), and a request
/// whose answer was lost leaves every one of its messages OutcomeUnknown.
/// </summary>
public partial class ExchangeMailSender
{
    // A request carries at most this many bytes of attachments unless one message alone has more: a lost answer to a large
    // request leaves fewer messages unknown, and the server's request size limit is met per message as for single sends.
    internal const long MaxBatchAttachmentBytes = 4 * 1024 * 1024;

    /// <inheritdoc />
    public virtual async Task<ExchangeBatchSendResult> SendAsync(IEnumerable<ExchangeMailMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // A snapshot: a list the caller changes while the batch runs cannot change what is sent or the results' order.
        var given = messages.ToArray();
        if (_transport is null)
        {
            Log.ConnectionDisabled(_logger, ConnectionName);
            throw new ExchangeConnectionDisabledException(ConnectionName);
        }

        var started = Stopwatch.GetTimestamp();
        var results = new ExchangeBatchItemResult[given.Length];
        var pending = new List<BatchMessage>(given.Length);
        for (var i = 0; i < given.Length; i++)
        {
            if (Prepare(i, given[i]) is { } prepared)
            {
                pending.Add(prepared);
            }
            else
            {
                results[i] = Invalid(i, given[i]);
            }
        }

        var requests = 0;
        if (pending.Count > 0)
        {
            ExchangeMessageFormat format;
            try
            {
                format = await ResolveFormatAsync(pending[0].InternetMessageId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ExchangeException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // The probe (GetFolder) sends nothing: every message is proven unsent.
                foreach (var p in pending)
                {
                    results[p.Index] = NotSent(p, ex, cancellationToken);
                    ExchangeTelemetry.SendFailed(null, ConnectionName, results[p.Index].Error!);
                }

                return Finish(results, 0, started);
            }

            var together = format == ExchangeMessageFormat.Items ? pending.Where(IsBatchable).ToList() : [];
            var alone = pending.Except(together).ToList();
            var chunks = Chunk(together);
            requests += chunks.Count;
            var tasks = chunks.Select(c => SendChunkAsync(c, results, cancellationToken))
                .Concat(alone.Select(p => SendAloneAsync(p, p.Message, results, cancellationToken)));
            await Task.WhenAll(tasks).ConfigureAwait(false);
            requests += alone.Sum(p => results[p.Index].Result?.RequestCount ?? 0);
        }

        return Finish(results, requests, started);
    }

    /// <summary>One message of a batch with what its send needs; <see langword="null"/> from <see cref="Prepare"/> when invalid.</summary>
    private sealed record BatchMessage(int Index, ExchangeMailMessage Message, ExchangeMailbox From, ExchangeMailbox? Sender, string InternetMessageId,
        EwsFolderTarget? CopyFolder, string Disposition, IReadOnlyList<ExchangeSendWarning> Warnings)
    {
        public EwsImpersonation? Impersonation { get; } = EwsImpersonation.For(Message);
    }

    private BatchMessage? Prepare(int index, ExchangeMailMessage? message)
    {
        if (message is null)
        {
            return null;
        }

        var validation = MessageValidator.Validate(message, _options);
        if (!validation.IsValid)
        {
            return null;
        }

        var from = FromOf(message);
        var copyFolder = CopyFolder(message.SaveCopyTo, from.Address);
        return new BatchMessage(index, message, from, SentBy(message.Sender, from.Address), message.InternetMessageId ?? MessageIds.New(from.Address), copyFolder,
            copyFolder is null ? CreateItemOperation.SendOnly : CreateItemOperation.SendAndSaveCopy, validation.Warnings);
    }

    private ExchangeBatchItemResult Invalid(int index, ExchangeMailMessage? message)
    {
        ExchangeMessageValidationException invalid;
        if (message is null)
        {
            invalid = new ExchangeMessageValidationException(ConnectionName, [new ExchangeValidationError($"messages[{index}]", $"The message at index {index} is null; remove it from the list.")]);
        }
        else
        {
            var errors = MessageValidator.Validate(message, _options).Errors.Select(e => new ExchangeValidationError(e.PropertyName, e.ErrorMessage)).ToArray();
            invalid = new ExchangeMessageValidationException(ConnectionName, errors);
        }

        Log.SendFailed(_logger, message?.InternetMessageId ?? "(none)", ConnectionName, "InvalidMessage", null, false, false, invalid.Message);
        ExchangeTelemetry.SendFailed(null, ConnectionName, invalid);
        return new ExchangeBatchItemResult(index, ExchangeBatchItemStatus.Failed, message?.InternetMessageId, null, invalid);
    }

    /// <summary>Typed items whose attachments can go inside CreateItem and can be written twice (measured, then sent).</summary>
    private bool IsBatchable(BatchMessage p) =>
        p.Message.Attachments.Count == 0
        || (EwsNames.SupportsAttachmentsInCreateItem(_transport!.Version) && p.Message.Attachments.All(a => a.IsReplayable && a.Length is not null));

    /// <summary>Messages with the same disposition, copy folder and impersonation (all per request), at most
    /// MaxMessagesPerBatchRequest and <see cref="MaxBatchAttachmentBytes"/> per request.</summary>
    private List<List<BatchMessage>> Chunk(List<BatchMessage> messages)
    {
        var chunks = new List<List<BatchMessage>>();
        // Grouped first (in order of first appearance), so that interleaved copy folders still share requests; the results
        // keep the input order by index whatever the requests' order.
        foreach (var group in messages.GroupBy(m => (m.Disposition, m.CopyFolder, m.Impersonation)))
        {
            List<BatchMessage>? current = null;
            long bytes = 0;
            foreach (var message in group)
            {
                var size = message.Message.Attachments.Sum(a => a.Length ?? 0);
                if (current is null || current.Count == _options.MaxMessagesPerBatchRequest || bytes + size > MaxBatchAttachmentBytes)
                {
                    current = [];
                    chunks.Add(current);
                    bytes = 0;
                }

                current.Add(message);
                bytes += size;
            }
        }

        return chunks;
    }

    private async Task<int> SendChunkAsync(List<BatchMessage> chunk, ExchangeBatchItemResult[] results, CancellationToken cancellationToken)
    {
        var operation = new CreateItemBatchOperation(
            chunk.Select(p => new CreateItemBatchOperation.Item(p.Message, p.From, p.Sender, p.InternetMessageId, p.Message.Attachments.ToArray())).ToArray(),
            chunk[0].Disposition, chunk[0].CopyFolder)
        {
            Impersonation = chunk[0].Impersonation,
        };
        foreach (var p in chunk)
        {
            Log.SendStarting(_logger, p.InternetMessageId, ConnectionName, p.Message.RecipientCount, p.Message.Attachments.Count, 1);
        }

        EwsCallResult call;
        try
        {
            // Only a failure of the whole request that proves it was not taken is retried; the items' own codes are not.
            var pipeline = operation.HasSingleUseContent ? ResiliencePipeline.Empty : _connection!.Retry;
            call = await pipeline.ExecuteAsync(async token => await _transport!.SendAsync(operation, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExchangeException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            foreach (var p in chunk)
            {
                results[p.Index] = ChunkFailed(p, chunk.Count, ex, cancellationToken);
                ExchangeTelemetry.SendFailed(null, ConnectionName, results[p.Index].Error!);
                if (results[p.Index].Status == ExchangeBatchItemStatus.OutcomeUnknown)
                {
                    _unknownSends.Remember(p.InternetMessageId, p.CopyFolder, p.Impersonation);
                }
            }

            return 1;
        }
        catch (ObjectDisposedException disposed)
        {
            // The sender was disposed while this chunk waited for a slot (the transport's text says nothing was sent). Thrown
            // out of the batch it would lose the results of chunks that did go out, and a caller resending all would send them twice.
            foreach (var p in chunk)
            {
                results[p.Index] = DisposedBeforeSent(p, disposed);
            }

            return 0;
        }

        for (var k = 0; k < chunk.Count; k++)
        {
            var p = chunk[k];
            var answer = call.Response.Messages[k];
            if (answer.IsSuccess)
            {
                Log.MessageSent(_logger, p.InternetMessageId, ConnectionName, p.Disposition, p.Message.RecipientCount, call.RequestBytes, (long)call.Elapsed.TotalMilliseconds);
                var sent = new ExchangeSendResult(p.InternetMessageId, p.CopyFolder is null ? ExchangeMessageDisposition.SendOnly : ExchangeMessageDisposition.SendAndSaveCopy,
                    1, call.RequestBytes, call.Elapsed, call.Response.ServerVersion) { MessageFormat = ExchangeMessageFormat.Items };
                results[p.Index] = new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.Sent, p.InternetMessageId,
                    sent.WithWarnings(p.Warnings, _logger, ConnectionName), null);
                ExchangeTelemetry.SendSucceeded(null, ConnectionName, sent);
            }
            else
            {
                var context = new SendContext(p.From, p.InternetMessageId) { Sender = p.Sender, CopyFolder = p.CopyFolder };
                var refused = Failed(_connection!.ServiceError(answer, "CreateItem", call.HttpStatus, context), p.InternetMessageId);
                results[p.Index] = new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.Failed, p.InternetMessageId, null, refused);
                ExchangeTelemetry.SendFailed(null, ConnectionName, refused);
            }
        }

        return 1;
    }

    /// <summary>What a failed request means for each of its messages: unknown when it went out whole and the answer was lost.</summary>
    private ExchangeBatchItemResult ChunkFailed(BatchMessage p, int count, Exception ex, CancellationToken cancellationToken)
    {
        var shared = count == 1 ? null : $"It was one of {count} messages in one CreateItem request; each of them has this outcome.";
        if (ex is OperationCanceledException cancelled)
        {
            var typed = cancelled as ExchangeSendCanceledException;
            var unknown = typed?.OutcomeUnknown ?? false;
            var text = $"Exchange connection '{ConnectionName}': the send of {p.InternetMessageId} was cancelled "
                + (unknown ? "after its request had gone out whole, so the server may still deliver it: look it up (FindSentMessageAsync) before sending it again."
                           : "before its request was sent. Nothing was sent.")
                + (shared is null ? "" : " " + shared);
            var canceled = new ExchangeSendCanceledException(text, ex, cancellationToken)
            {
                ConnectionName = ConnectionName, InternetMessageId = p.InternetMessageId, Operation = "CreateItem", RequestSent = typed?.RequestSent ?? false, OutcomeUnknown = unknown,
            };
            Log.SendFailed(_logger, p.InternetMessageId, ConnectionName, "Canceled", null, false, unknown, canceled.Message);
            return new ExchangeBatchItemResult(p.Index, unknown ? ExchangeBatchItemStatus.OutcomeUnknown : ExchangeBatchItemStatus.Failed, p.InternetMessageId, null, canceled);
        }

        if (count > 1 && ex is ExchangeServiceException { IsSoapFault: true } fault && !RejectsWholeRequest(fault))
        {
            // A fault in the middle of the items: gromox sends the items one by one and a failure that is not an EWS error of
            // its item (an outside recipient, E-3117) aborts the request as a SOAP fault, so the items before it went out.
            var unknown = ExchangeErrors.Completed(fault, p.InternetMessageId, outcomeUnknown: true,
                addendum: shared + " The server answered the whole request with a SOAP fault, which may come after some of its messages were sent "
                    + "(gromox does so when one message cannot be delivered): look each one up (FindSentMessageAsync) before sending it again.");
            return new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.OutcomeUnknown, p.InternetMessageId, null, Failed(unknown, p.InternetMessageId));
        }

        var error = Failed(ExchangeErrors.Completed((ExchangeException)ex, p.InternetMessageId, addendum: shared), p.InternetMessageId);
        return new ExchangeBatchItemResult(p.Index, error.OutcomeUnknown ? ExchangeBatchItemStatus.OutcomeUnknown : ExchangeBatchItemStatus.Failed, p.InternetMessageId, null, error);
    }

    /// <summary>SOAP faults that refuse a request before any item is processed: throttling, the envelope and its headers.</summary>
    private static bool RejectsWholeRequest(ExchangeServiceException fault) =>
        RetryPolicy.IsSafeToResend(fault, TimeSpan.MaxValue)
        || fault.ResponseCode.ToString() is "ErrorSchemaValidation" or "ErrorInvalidServerVersion" or "ErrorIncorrectSchemaVersion"
            or "ErrorInvalidSchemaVersionForMailboxVersion" or "ErrorInvalidRequest" or "ErrorImpersonateUserDenied" or "ErrorImpersonationFailed"
            or "ErrorCannotFindUser" or "ErrorNonExistentMailbox" or "ErrorServerBusy";

    /// <summary>A message that cannot share a request (MIME, the three-call path, an attachment from a stream) goes alone,
    /// through the single send with everything it does (spooling, the Bcc plan, ResolveUnknownOutcomes).</summary>
    /// <remarks>It sends <see cref="BatchMessage.Message"/>, the object read and validated once by <see cref="Prepare"/>: the caller's
    /// list is not read again, so a list changed meanwhile cannot put another (unvalidated) message behind this result.</remarks>
    private async Task<int> SendAloneAsync(BatchMessage p, ExchangeMailMessage message, ExchangeBatchItemResult[] results, CancellationToken cancellationToken)
    {
        try
        {
            var result = await SendAsync(WithId(message, p.InternetMessageId), cancellationToken).ConfigureAwait(false);
            results[p.Index] = new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.Sent, result.InternetMessageId, result, null);
        }
        catch (ExchangeException ex)
        {
            results[p.Index] = ExchangeBatchItemResult.FromError(p.Index, ex, p.InternetMessageId);
        }
        catch (ExchangeSendCanceledException ex)
        {
            results[p.Index] = ExchangeBatchItemResult.FromError(p.Index, ex, p.InternetMessageId);
        }
        catch (ObjectDisposedException disposed)
        {
            results[p.Index] = DisposedBeforeSent(p, disposed);
        }

        return 0;
    }

    /// <summary>The message as given, or a shallow copy carrying the Message-ID chosen for it (the caller's object is not changed).</summary>
    private static ExchangeMailMessage WithId(ExchangeMailMessage message, string internetMessageId)
    {
        if (message.InternetMessageId is not null)
        {
            return message;
        }

        var copy = new ExchangeMailMessage
        {
            From = message.From, Sender = message.Sender, SaveCopyTo = message.SaveCopyTo, ImpersonatedUser = message.ImpersonatedUser,
            ImpersonatedUserIdType = message.ImpersonatedUserIdType, Subject = message.Subject, Body = message.Body,
            Importance = message.Importance, Sensitivity = message.Sensitivity, IsReadReceiptRequested = message.IsReadReceiptRequested,
            IsDeliveryReceiptRequested = message.IsDeliveryReceiptRequested, InternetMessageId = internetMessageId,
        };
        foreach (var m in message.To)
        {
            copy.To.Add(m);
        }

        foreach (var m in message.Cc)
        {
            copy.Cc.Add(m);
        }

        foreach (var m in message.Bcc)
        {
            copy.Bcc.Add(m);
        }

        foreach (var m in message.ReplyTo)
        {
            copy.ReplyTo.Add(m);
        }

        foreach (var a in message.Attachments)
        {
            copy.Attachments.Add(a);
        }

        foreach (var c in message.Categories)
        {
            copy.Categories.Add(c);
        }

        foreach (var (name, value) in message.Headers)
        {
            copy.Headers[name] = value;
        }

        return copy;
    }

    /// <summary>A message whose request never left because the sender was disposed first: failed, nothing sent.</summary>
    private ExchangeBatchItemResult DisposedBeforeSent(BatchMessage p, ObjectDisposedException disposed)
    {
        // What a single send throws in this case, naming the message.
        var error = new ObjectDisposedException(
            $"Exchange connection '{ConnectionName}': the sender was disposed before the request of {p.InternetMessageId} was sent; nothing was sent. Send it again with a new sender.",
            disposed);
        Log.SendFailed(_logger, p.InternetMessageId, ConnectionName, "Disposed", null, false, false, error.Message);
        return new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.Failed, p.InternetMessageId, null, error);
    }

    private ExchangeBatchItemResult NotSent(BatchMessage p, Exception ex, CancellationToken cancellationToken) => ex switch
    {
        ExchangeException exchange => new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.Failed, p.InternetMessageId, null,
            Failed(ExchangeErrors.Completed(exchange, p.InternetMessageId, outcomeUnknown: false), p.InternetMessageId)),
        _ => new ExchangeBatchItemResult(p.Index, ExchangeBatchItemStatus.Failed, p.InternetMessageId, null,
            Canceled((OperationCanceledException)ex, p.InternetMessageId, cancellationToken)),
    };

    private ExchangeBatchSendResult Finish(ExchangeBatchItemResult[] results, int requests, long started)
    {
        var result = new ExchangeBatchSendResult(results, requests, Stopwatch.GetElapsedTime(started));
        Log.BatchFinished(_logger, ConnectionName, results.Length, result.SentCount, result.FailedCount, result.OutcomeUnknownCount, requests);
        return result;
    }
}
