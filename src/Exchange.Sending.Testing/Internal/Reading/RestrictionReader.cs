using System.Globalization;

namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Reads <c>m:Restriction</c> into an <see cref="ItemCondition"/>. Every element is read (and validated) in full; a
/// search expression the server cannot evaluate is not ignored: the first one is reported instead of a condition, and
/// FindItem answers <c>ErrorInvalidRestriction</c> naming it.
/// </summary>
internal sealed class RestrictionReader
{
    private const string T = EwsNames.Types;
    private const string M = EwsNames.Messages;
    private const string PathNames = "FieldURI, IndexedFieldURI, ExtendedFieldURI";

    private static readonly string[] Expressions =
    [
        "Exists", "Excludes", "IsEqualTo", "IsNotEqualTo", "IsGreaterThan", "IsGreaterThanOrEqualTo", "IsLessThan",
        "IsLessThanOrEqualTo", "Contains", "Not", "And", "Or", "Near",
    ];

    private static readonly string ExpressionNames = string.Join(", ", Expressions);

    private readonly ReadContext _r;
    private string? _unsupported;

    private RestrictionReader(ReadContext r) => _r = r;

    private EwsXmlCursor C => _r.Cursor;

    /// <summary>With the cursor on <c>m:Restriction</c>: the condition, or null and what could not be evaluated.</summary>
    public static (ItemCondition? Condition, string? Unsupported) Read(ReadContext r)
    {
        var reader = new RestrictionReader(r);
        var condition = reader.SingleOperand("Restriction", M);
        return reader._unsupported is null ? (condition, null) : (null, reader._unsupported);
    }

    private static bool IsExpression(EwsXmlCursor c) => c.NamespaceUri == T && Expressions.Contains(c.LocalName, StringComparer.Ordinal);

    private ItemCondition? SingleOperand(string parent, string parentNamespace)
    {
        ItemCondition? operand = null;
        var count = 0;
        _r.Children(null, () =>
        {
            if (count++ > 0 || !IsExpression(C))
            {
                throw FieldPathReader.InvalidChild(C, parent, count == 1 ? ExpressionNames : null, parentNamespace);
            }

            operand = Expression();
        });
        return count == 0 ? throw FieldPathReader.Incomplete(C, parent, ExpressionNames, parentNamespace) : operand;
    }

    private ItemCondition? Expression()
    {
        var name = C.LocalName;
        switch (name)
        {
            case "And":
            case "Or":
                return Junction(name);
            case "Not":
                return SingleOperand("Not", T) is { } operand ? new NotCondition(operand) : null;
            case "Contains":
                return Contains();
            case "Exists":
                var path = FieldPathReader.ReadSingle(_r, "Exists");
                return Supported(path, "t:Exists") is { } field ? new ExistsCondition(field) : null;
            case "Excludes":
            case "Near":
                C.Skip();
                return Unsupported($"t:{name}");
            default:
                return Comparison(name);
        }
    }

    private JunctionCondition? Junction(string name)
    {
        var operands = new List<ItemCondition?>();
        _r.Children(null, () =>
        {
            if (!IsExpression(C))
            {
                throw FieldPathReader.InvalidChild(C, name, ExpressionNames);
            }

            operands.Add(Expression());
        });
        if (operands.Count == 0)
        {
            throw FieldPathReader.Incomplete(C, name, ExpressionNames);
        }

        return operands.Contains(null) ? null : new JunctionCondition(name == "And", operands!);
    }

    private ItemCondition? Comparison(string op)
    {
        FieldPath? path = null, other = null;
        string? constant = null;
        var index = 0;
        _r.Children(null, () =>
        {
            if (index == 0 && FieldPathReader.IsPath(C))
            {
                path = FieldPathReader.Read(_r);
            }
            else if (index == 1 && C.NamespaceUri == T && C.LocalName == "FieldURIOrConstant")
            {
                (constant, other) = Operand();
            }
            else
            {
                throw FieldPathReader.InvalidChild(C, op, index switch { 0 => PathNames, 1 => "FieldURIOrConstant", _ => null });
            }

            index++;
        });
        if (index < 2)
        {
            throw FieldPathReader.Incomplete(C, op, index == 0 ? PathNames : "FieldURIOrConstant");
        }

        if (other is not null)
        {
            return Unsupported($"t:{op} comparing two properties ({path} with {other})");
        }

        if (Supported(path!, $"t:{op}") is not { } field)
        {
            return null;
        }

        if (ItemFields.IsText(field))
        {
            return op is "IsEqualTo" or "IsNotEqualTo"
                ? new CompareCondition(op, field, constant!, null)
                : Unsupported($"t:{op} on the text property {field} (only t:IsEqualTo, t:IsNotEqualTo and t:Contains)");
        }

        return DateTimeOffset.TryParse(constant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? new CompareCondition(op, field, constant!, date)
            : Unsupported($"the t:Constant '{constant}' for {field}, which is not an xs:dateTime");
    }

    /// <summary><c>t:FieldURIOrConstant</c>: a constant value, or (unsupported) another property.</summary>
    private (string? Constant, FieldPath? Path) Operand()
    {
        string? constant = null;
        FieldPath? path = null;
        var count = 0;
        _r.Children(null, () =>
        {
            if (count++ > 0 || !(FieldPathReader.IsPath(C) || (C.NamespaceUri == T && C.LocalName == "Constant")))
            {
                throw FieldPathReader.InvalidChild(C, "FieldURIOrConstant", count == 1 ? PathNames + ", Constant" : null);
            }

            if (C.LocalName == "Constant")
            {
                constant = _r.RequiredAttribute("Value");
                C.Skip();
            }
            else
            {
                path = FieldPathReader.Read(_r);
            }
        });
        return count == 0 ? throw FieldPathReader.Incomplete(C, "FieldURIOrConstant", PathNames + ", Constant") : (constant, path);
    }

    private ItemCondition? Contains()
    {
        var mode = _r.EnumAttribute("ContainmentMode", "ContainmentModeType", required: false,
            "FullString", "Prefixed", "Substring", "PrefixOnWords", "ExactPhrase") ?? "FullString";
        var comparison = _r.EnumAttribute("ContainmentComparison", "ContainmentComparisonType", required: false,
            "Exact", "IgnoreCase", "IgnoreNonSpacingCharacters", "Loose", "IgnoreCaseAndNonSpacingCharacters", "LooseAndIgnoreCase",
            "LooseAndIgnoreNonSpace", "LooseAndIgnoreCaseAndIgnoreNonSpace") ?? "Exact";
        FieldPath? path = null;
        string? constant = null;
        _r.Children(null, () =>
        {
            if (path is null && FieldPathReader.IsPath(C))
            {
                path = FieldPathReader.Read(_r);
            }
            else if (path is not null && constant is null && C.NamespaceUri == T && C.LocalName == "Constant")
            {
                constant = _r.RequiredAttribute("Value");
                C.Skip();
            }
            else
            {
                throw FieldPathReader.InvalidChild(C, "Contains", path is null ? PathNames : constant is null ? "Constant" : null);
            }
        });
        if (path is null || constant is null)
        {
            throw FieldPathReader.Incomplete(C, "Contains", path is null ? PathNames : "Constant");
        }

        if (Supported(path, "t:Contains") is not { } field)
        {
            return null;
        }

        if (!ItemFields.IsText(field))
        {
            return Unsupported($"t:Contains on {field}, which is not a text property");
        }

        if (mode is "PrefixOnWords" or "ExactPhrase" || comparison is not ("Exact" or "IgnoreCase"))
        {
            return Unsupported($"t:Contains with ContainmentMode=\"{mode}\" ContainmentComparison=\"{comparison}\" (supported: FullString, Prefixed, Substring; Exact, IgnoreCase)");
        }

        return new ContainsCondition(field, constant!, mode, comparison == "IgnoreCase");
    }

    /// <summary>The field URI when the server can evaluate <paramref name="path"/>; otherwise records why not and returns null.</summary>
    private string? Supported(FieldPath path, string expression)
    {
        if (path.Field is { } field && (ItemFields.IsText(field) || ItemFields.IsDate(field)))
        {
            return field;
        }

        Unsupported($"{expression} on {path} (supported properties: {ItemFields.Supported})");
        return null;
    }

    private ItemCondition? Unsupported(string what)
    {
        _unsupported ??= what;
        return null;
    }
}
