using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace Exchange.Sending;

/// <summary>
/// Binds a configuration section to <see cref="ExchangeConnectionOptions"/> one setting at a time, so a value that does
/// not convert (<c>"Version": "Exchange2019"</c>, <c>"RequestTimeout": "soon"</c>) or an unknown key becomes a
/// validation message naming the field and the fix, instead of a binder exception at first use.
/// </summary>
internal static class ExchangeConnectionOptionsBinder
{
    private static readonly ConditionalWeakTable<ExchangeConnectionOptions, List<string>> Errors = new();

    private static readonly Dictionary<string, PropertyInfo> Settings = typeof(ExchangeConnectionOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.PropertyType != typeof(ExchangeAuthenticationStrategy))
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> BindingErrorsOf(ExchangeConnectionOptions options) =>
        Errors.TryGetValue(options, out var list) ? list : [];

    public static void Bind(IConfiguration section, ExchangeConnectionOptions options)
    {
        var errors = Errors.GetOrCreateValue(options);
        errors.Clear();
        foreach (var child in section.GetChildren())
        {
            if (!Settings.TryGetValue(child.Key, out var property))
            {
                var known = string.Join(", ", Settings.Keys);
                errors.Add($"{child.Key} is not a setting of an Exchange connection; remove it or correct its spelling. Settings: {known}.");
                continue;
            }

            if (property.PropertyType.IsEnum)
            {
                // Only a defined name (any case): Enum.Parse would also take "2" or "Exchange2007_SP1, Exchange2009".
                var name = Enum.GetNames(property.PropertyType).FirstOrDefault(n => string.Equals(n, child.Value?.Trim(), StringComparison.OrdinalIgnoreCase));
                if (name is null)
                {
                    errors.Add($"{property.Name} '{child.Value}' is not a valid {Describe(property.PropertyType)}.");
                }
                else
                {
                    property.SetValue(options, Enum.Parse(property.PropertyType, name));
                }

                continue;
            }

            try
            {
                property.SetValue(options, child.Get(property.PropertyType));
            }
            catch (InvalidOperationException)
            {
                errors.Add($"{property.Name} '{child.Value}' is not a valid {Describe(property.PropertyType)}.");
            }
        }
    }

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
