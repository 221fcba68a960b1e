using Microsoft.Extensions.Options;

namespace Exchange.Sending.Cli;

/// <summary>Turns an exception into a message on stderr (no stack trace) and an exit code.</summary>
internal static class CliErrors
{
    /// <param name="exception">The failure.</param>
    /// <param name="error">stderr.</param>
    /// <param name="internetMessageId">The Message-ID the CLI gave the message, used when the exception does not carry one.</param>
    public static int Report(Exception exception, TextWriter error, string? internetMessageId = null)
    {
        switch (exception)
        {
            case OptionsValidationException invalid:
                error.WriteLine($"The settings of Exchange connection '{invalid.OptionsName}' are invalid:");
                foreach (var failure in invalid.Failures)
                {
                    error.WriteLine("  - " + failure);
                }

                return ExitCodes.InvalidInput;
            case ExchangeMessageValidationException invalidMessage:
                error.WriteLine("The message is invalid; nothing was sent:");
                foreach (var failure in invalidMessage.Errors)
                {
                    error.WriteLine($"  - {failure.Message}");
                }

                return ExitCodes.InvalidInput;
            case ExchangeConnectionDisabledException disabled:
                error.WriteLine(disabled.Message);
                return ExitCodes.InvalidInput;
            case ExchangeException failed:
                error.WriteLine("Send failed: " + failed.Message);
                if (failed is ExchangeServiceException service)
                {
                    error.WriteLine($"  EWS ResponseCode: {service.ResponseCode}" + (service.HttpStatus is { } status ? $", HTTP {status}" : ""));
                }

                if (failed.IsTransient)
                {
                    error.WriteLine("  The failure is transient; trying again later may succeed.");
                }

                if (failed.OutcomeUnknown)
                {
                    var id = failed.InternetMessageId ?? internetMessageId;
                    error.WriteLine(id is null
                        ? "  The outcome is unknown: the message may have been delivered. Look for it in Sent Items before sending again."
                        : $"  The outcome is unknown: the message may have been delivered. Before sending again: exchange-send lookup \"{id}\" (same connection flags).");
                }

                return ExitCodes.SendFailed;
            case CliInputException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException:
                error.WriteLine(exception.Message);
                return ExitCodes.InvalidInput;
            case ExchangeSendCanceledException { OutcomeUnknown: true } cancelled:
                error.WriteLine($"Cancelled. The request had gone out, so the message may still be delivered: before sending again, exchange-send lookup \"{cancelled.InternetMessageId}\".");
                return ExitCodes.Cancelled;
            case OperationCanceledException:
                error.WriteLine("Cancelled.");
                return ExitCodes.Cancelled;
            default:
                error.WriteLine($"Unexpected error ({exception.GetType().Name}): {exception.Message}");
                return ExitCodes.SendFailed;
        }
    }
}
