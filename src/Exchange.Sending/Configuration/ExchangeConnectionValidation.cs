using Microsoft.Extensions.Options;

namespace Exchange.Sending;

/// <summary>Runs <see cref="ExchangeConnectionOptionsValidator"/> and words each failure with the connection's name.</summary>
public static class ExchangeConnectionValidation
{
    private static readonly ExchangeConnectionOptionsValidator Validator = new();

    /// <summary>Validates one connection's settings.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>One message per failed rule, each naming the connection, the field and the fix; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(ExchangeConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var bindingErrors = ExchangeConnectionOptionsBinder.BindingErrorsOf(options);
        foreach (var error in bindingErrors)
        {
            failures.Add(Prefix(options) + error);
        }

        foreach (var error in Validator.Validate(options).Errors)
        {
            // A setting that failed to bind already has its own, more precise message.
            if (!bindingErrors.Any(b => b.StartsWith(error.PropertyName + " ", StringComparison.Ordinal)))
            {
                failures.Add(Prefix(options) + error.ErrorMessage);
            }
        }

        return failures;
    }

    /// <summary>Validates and throws when invalid.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="OptionsValidationException">The settings are invalid; <see cref="OptionsValidationException.Failures"/> lists each problem.</exception>
    public static void ThrowIfInvalid(ExchangeConnectionOptions options)
    {
        var failures = Validate(options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(options.SystemName, typeof(ExchangeConnectionOptions), failures);
        }
    }

    private static string Prefix(ExchangeConnectionOptions options) =>
        $"Exchange connection '{(string.IsNullOrEmpty(options.SystemName) ? "(unnamed)" : options.SystemName)}': ";
}
