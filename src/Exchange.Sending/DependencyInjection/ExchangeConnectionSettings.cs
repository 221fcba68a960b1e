using System.Reflection;

namespace Exchange.Sending;

/// <summary>Compares two connections' settings, so a configuration reload that leaves a connection as it was keeps its
/// sender (and the sender's authenticated pooled connections and what it learnt about the server).</summary>
internal static class ExchangeConnectionSettings
{
    private static readonly PropertyInfo[] Properties = typeof(ExchangeConnectionOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
        .ToArray();

    /// <summary>Whether every public setting is equal (<see cref="ExchangeConnectionOptions.AuthenticationStrategy"/> by reference).</summary>
    public static bool Same(ExchangeConnectionOptions a, ExchangeConnectionOptions b)
    {
        foreach (var property in Properties)
        {
            var x = property.GetValue(a);
            var y = property.GetValue(b);
            var same = property.PropertyType == typeof(ExchangeAuthenticationStrategy) ? ReferenceEquals(x, y)
                : x is IReadOnlyList<string> xs && y is IReadOnlyList<string> ys ? xs.SequenceEqual(ys, StringComparer.Ordinal)
                : Equals(x, y);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }
}
