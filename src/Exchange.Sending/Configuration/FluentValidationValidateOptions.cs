using Microsoft.Extensions.Options;

namespace Exchange.Sending;

/// <summary>Bridges <see cref="ExchangeConnectionOptionsValidator"/> into the Options pipeline (so <c>ValidateOnStart</c>
/// shows its messages), reports the keys that did not bind (recorded per connection in <see cref="ExchangeConnectionBindingFailures"/>)
/// and checks that no two registered connections share a system name.</summary>
internal sealed class FluentValidationValidateOptions(ExchangeConnectionRegistry registry, ExchangeConnectionBindingFailures bindingFailures,
    IEnumerable<IConfigureOptions<ExchangeConnectionOptions>> setups, IEnumerable<IPostConfigureOptions<ExchangeConnectionOptions>> postConfigures)
    : IValidateOptions<ExchangeConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExchangeConnectionOptions options)
    {
        if (name is null || !registry.Contains(name))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = ExchangeConnectionValidation.Validate(options, bindingFailures.For(name)).ToList();
        // Build the other connections without validating them (validation would recurse) to compare system names.
        var factory = new OptionsFactory<ExchangeConnectionOptions>(setups, postConfigures);
        foreach (var other in registry.Names.Where(n => !string.Equals(n, name, StringComparison.Ordinal)))
        {
            var otherName = factory.Create(other).SystemName;
            if (string.Equals(otherName, options.SystemName, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Exchange connection '{ValidationRules.Quote(name)}': SystemName '{ValidationRules.Quote(options.SystemName)}' is also used by connection '{ValidationRules.Quote(other)}'; system names must be unique (case-insensitive). Rename one of them.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
