using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Exchange.Sending;

/// <summary>
/// Binds a configuration section to <see cref="ExchangeConnectionOptions"/> one setting at a time, so a value that does
/// not convert (<c>"Version": "Exchange2019"</c>, <c>"RequestTimeout": "soon"</c>) or an unknown key becomes a
/// validation message naming the field and the fix, instead of a binder exception at first use. It returns what did not
/// bind (per key and property) and keeps no state: the DI registration records the result in
/// <see cref="ExchangeConnectionBindingFailures"/> under the connection's name for validation to report.
/// </summary>
internal static class ExchangeConnectionOptionsBinder
{
    private static readonly Dictionary<string, PropertyInfo> Settings = typeof(ExchangeConnectionOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        // Set in code only: a host's strategy and a token source are objects, not text.
        .Where(p => p.CanWrite && p.PropertyType != typeof(ExchangeAuthenticationStrategy) && p.PropertyType != typeof(ExchangeAccessTokenProvider))
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Binds every child of <paramref name="section"/> that converts; a property whose value does not convert keeps
    /// the value it had.</summary>
    /// <returns>One failure per key that did not bind, in the section's order; empty when everything bound.</returns>
    public static IReadOnlyList<ExchangeConnectionBindingFailure> Bind(IConfiguration section, ExchangeConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ExchangeConnectionBindingFailure>();
        foreach (var child in section.GetChildren())
        {
            if (!Settings.TryGetValue(child.Key, out var property))
            {
                var known = string.Join(", ", Settings.Keys);
                errors.Add(new(child.Key, null, $"{child.Key} is not a setting of an Exchange connection; remove it or correct its spelling. Settings: {known}."));
                continue;
            }

            if (property.PropertyType.IsEnum)
            {
                // Only a defined name (any case): Enum.Parse would also take "2" or "Exchange2007_SP1, Exchange2009".
                var name = Enum.GetNames(property.PropertyType).FirstOrDefault(n => string.Equals(n, child.Value?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    errors.Add(NotValid(child, property));
                }
                else
                {
                    property.SetValue(options, Enum.Parse(property.PropertyType, name));
                }

                continue;
            }

            if (property.PropertyType == typeof(IReadOnlyList<string>))
            {
                // A JSON array, or one string separated by ',' or ';' (what an administrator types in a form field).
                // Empty entries ("a;;b") are kept so validation refuses them as it does in a JSON array; a blank string is no list.
                property.SetValue(options, child.Value is { } joined
                    ? string.IsNullOrWhiteSpace(joined) ? [] : joined.Split([',', ';'], StringSplitOptions.TrimEntries)
                    : child.GetChildren().Select(c => c.Value ?? "").ToArray());
                continue;
            }

            try
            {
                property.SetValue(options, child.Get(property.PropertyType));
            }
            catch (InvalidOperationException)
            {
                errors.Add(NotValid(child, property));
            }
        }

        return errors;
    }

    private static ExchangeConnectionBindingFailure NotValid(IConfigurationSection child, PropertyInfo property) =>
        new(child.Key, property.Name, $"{property.Name} '{child.Value}' is not a valid {Describe(property.PropertyType)}.");

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(ExchangeVersion) => "Exchange version. Use one of: " + string.Join(", ", Enum.GetNames<ExchangeVersion>())
            + " (default Exchange2013_SP1; Exchange2010_SP2 for Exchange 2010). Names such as Exchange2019 or Exchange2007_SP3 do not exist in EWS",
        _ when type.IsEnum => "value. Use one of: " + string.Join(", ", Enum.GetNames(type)),
        _ when type == typeof(TimeSpan) => "time span. Use hh:mm:ss, for example 00:01:40",
        _ when type == typeof(bool) => "true/false value",
        _ when type == typeof(int) => "whole number",
        _ => type.Name,
    };
}
