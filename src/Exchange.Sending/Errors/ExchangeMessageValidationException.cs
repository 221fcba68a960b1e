namespace Exchange.Sending;

/// <summary>A message failed validation before any network I/O; nothing was sent. (Invalid connection settings raise
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> instead, when the sender is built or the host starts.)</summary>
public sealed class ExchangeMessageValidationException : ExchangeException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="connectionName">The connection's system name.</param>
    /// <param name="errors">Each failed rule: the field (property path) and what to fix.</param>
    public ExchangeMessageValidationException(string? connectionName, IReadOnlyList<ExchangeValidationError> errors)
        : base(BuildMessage(connectionName, errors), connectionName)
    {
        Errors = errors;
    }

    /// <summary>Each failed rule.</summary>
    public IReadOnlyList<ExchangeValidationError> Errors { get; }

    private static string BuildMessage(string? connectionName, IReadOnlyList<ExchangeValidationError> errors) =>
        $"The message was not sent through Exchange connection '{connectionName}': "
        + string.Join(" ", errors.Select(e => e.Message));
}

/// <summary>One failed validation rule.</summary>
/// <param name="Field">Property path, e.g. <c>To[0].Address</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record ExchangeValidationError(string Field, string Message);
