using Microsoft.Extensions.Options;

namespace Exchange.Sending;

/// <summary>Runs <see cref="ExchangeConnectionOptionsValidator"/> and words each failure with the connection's name. Users
/// reach it through <see cref="ExchangeConnectionOptions.Validate"/>; FluentValidation's types stay inside the assembly.</summary>
internal static class ExchangeConnectionValidation
{
    private static readonly ExchangeConnectionOptionsValidator Validator = new();

    /// <summary>Validates one connection's settings as they are (see <see cref="ExchangeConnectionOptions.Validate"/>).</summary>
    public static IReadOnlyList<string> Validate(ExchangeConnectionOptions options) => Validate(options, []);

    /// <summary>Validates one connection's settings and reports the keys that did not bind. A property named by a binding
    /// failure gets only that failure's message: its rules ran on a value that did not come from configuration.</summary>
    public static IReadOnlyList<string> Validate(ExchangeConnectionOptions options, IReadOnlyList<ExchangeConnectionBindingFailure> bindingFailures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bindingFailures);
        var prefix = Prefix(options);
        var failures = new List<string>(bindingFailures.Count);
        var unbound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in bindingFailures)
        {
            failures.Add(prefix + failure.Message);
            if (failure.Property is { } property)
            {
                unbound.Add(property);
            }
        }

        foreach (var error in Validator.Validate(options).Errors)
        {
            if (!unbound.Contains(error.PropertyName))
            {
                failures.Add(prefix + error.ErrorMessage);
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
        $"Exchange connection '{(string.IsNullOrEmpty(options.SystemName) ? "(unnamed)" : ValidationRules.Quote(options.SystemName))}': ";
}
