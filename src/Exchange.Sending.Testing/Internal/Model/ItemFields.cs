namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// The item properties FindItem can filter and sort on, by <c>t:FieldURI</c>: two text properties and three times.
/// <c>message:InternetMessageId</c> compares ordinally (case-sensitive, angle brackets included, as the id is stored);
/// <c>item:Subject</c> ignoring case.
/// </summary>
internal static class ItemFields
{
    public const string InternetMessageId = "message:InternetMessageId";
    public const string Subject = "item:Subject";
    public const string DateTimeSent = "item:DateTimeSent";
    public const string DateTimeCreated = "item:DateTimeCreated";
    public const string DateTimeReceived = "item:DateTimeReceived";

    /// <summary>The fields a restriction or a sort order may name, as the error texts list them.</summary>
    public const string Supported = "message:InternetMessageId, item:Subject, item:DateTimeSent, item:DateTimeCreated, item:DateTimeReceived";

    public static bool IsText(string field) => field is InternetMessageId or Subject;

    public static bool IsDate(string field) => field is DateTimeSent or DateTimeCreated or DateTimeReceived;

    public static StringComparison Comparison(string field) =>
        field == InternetMessageId ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public static string? Text(FoundItem item, string field) => field switch
    {
        InternetMessageId => item.Data.InternetMessageId,
        Subject => item.Data.Subject,
        _ => null,
    };

    /// <summary>A time property; <c>item:DateTimeReceived</c> of a stored item is when it was filed (its creation).</summary>
    public static DateTimeOffset? Date(FoundItem item, string field) => field switch
    {
        DateTimeSent => item.DateTimeSent,
        DateTimeCreated or DateTimeReceived => item.Created,
        _ => null,
    };

    /// <summary>Orders two items by one field; a missing value sorts first.</summary>
    public static int Compare(FoundItem a, FoundItem b, string field)
    {
        if (IsDate(field))
        {
            return Nullable.Compare(Date(a, field), Date(b, field));
        }

        return string.Compare(Text(a, field), Text(b, field), Comparison(field));
    }
}

/// <summary>A parsed <c>m:Restriction</c> search expression, evaluated against the items of a folder.</summary>
internal abstract record ItemCondition
{
    public abstract bool Matches(FoundItem item);
}

/// <summary>
/// <c>t:IsEqualTo</c>, <c>t:IsNotEqualTo</c>, <c>t:IsGreaterThan</c>, … against a constant. An item without the property
/// never matches (as a MAPI property restriction); text supports only equality, times all six operators.
/// </summary>
internal sealed record CompareCondition(string Operator, string Field, string Constant, DateTimeOffset? DateConstant) : ItemCondition
{
    public override bool Matches(FoundItem item)
    {
        int order;
        if (DateConstant is { } constant)
        {
            if (ItemFields.Date(item, Field) is not { } value)
            {
                return false;
            }

            order = value.CompareTo(constant);
        }
        else
        {
            if (ItemFields.Text(item, Field) is not { } value)
            {
                return false;
            }

            order = string.Equals(value, Constant, ItemFields.Comparison(Field)) ? 0 : 1;
        }

        return Operator switch
        {
            "IsEqualTo" => order == 0,
            "IsNotEqualTo" => order != 0,
            "IsGreaterThan" => order > 0,
            "IsGreaterThanOrEqualTo" => order >= 0,
            "IsLessThan" => order < 0,
            "IsLessThanOrEqualTo" => order <= 0,
            _ => false,
        };
    }
}

/// <summary><c>t:Contains</c> on a text property: <c>FullString</c>, <c>Prefixed</c> or <c>Substring</c>, exact or ignoring case.</summary>
internal sealed record ContainsCondition(string Field, string Constant, string Mode, bool IgnoreCase) : ItemCondition
{
    public override bool Matches(FoundItem item)
    {
        if (ItemFields.Text(item, Field) is not { } value)
        {
            return false;
        }

        var comparison = IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Mode switch
        {
            "Prefixed" => value.StartsWith(Constant, comparison),
            "Substring" => value.Contains(Constant, comparison),
            _ => string.Equals(value, Constant, comparison),
        };
    }
}

/// <summary><c>t:Exists</c>: the item has the property.</summary>
internal sealed record ExistsCondition(string Field) : ItemCondition
{
    public override bool Matches(FoundItem item) =>
        ItemFields.IsDate(Field) ? ItemFields.Date(item, Field) is not null : ItemFields.Text(item, Field) is not null;
}

/// <summary><c>t:And</c> / <c>t:Or</c>.</summary>
internal sealed record JunctionCondition(bool All, IReadOnlyList<ItemCondition> Operands) : ItemCondition
{
    public override bool Matches(FoundItem item) => All ? Operands.All(o => o.Matches(item)) : Operands.Any(o => o.Matches(item));
}

/// <summary><c>t:Not</c>.</summary>
internal sealed record NotCondition(ItemCondition Operand) : ItemCondition
{
    public override bool Matches(FoundItem item) => !Operand.Matches(item);
}
