namespace Exchange.Sending.Testing.Internal;

/// <summary>A property path (<c>t:Path</c> substitution group): the element and, for <c>t:FieldURI</c>, its URI.</summary>
internal sealed record FieldPath(string Element, string? FieldUri)
{
    /// <summary>The URI of a plain <c>t:FieldURI</c>, or null for indexed and extended paths.</summary>
    public string? Field => Element == "FieldURI" ? FieldUri : null;

    public override string ToString() => Element == "FieldURI" ? $"t:FieldURI '{FieldUri}'" : $"t:{Element}";
}

/// <summary>Reads property paths (<c>t:FieldURI</c>, <c>t:IndexedFieldURI</c>, <c>t:ExtendedFieldURI</c>) and lists of them.</summary>
internal static class FieldPathReader
{
    private const string T = EwsNames.Types;
    private const string PathNames = "FieldURI, IndexedFieldURI, ExtendedFieldURI";

    public static bool IsPath(EwsXmlCursor c) => c.NamespaceUri == T && c.LocalName is "FieldURI" or "IndexedFieldURI" or "ExtendedFieldURI";

    /// <summary>Reads the path element the cursor is on (the caller checked <see cref="IsPath"/>).</summary>
    public static FieldPath Read(ReadContext r)
    {
        var c = r.Cursor;
        var element = c.LocalName;
        string? uri = element switch
        {
            "FieldURI" => r.RequiredAttribute("FieldURI"),
            "IndexedFieldURI" => r.RequiredAttribute("FieldURI") + "/" + r.RequiredAttribute("FieldIndex"),
            _ => c.Attribute("PropertyTag") ?? c.Attribute("PropertyName") ?? c.Attribute("PropertyId"),
        };
        if (element == "ExtendedFieldURI")
        {
            r.RequiredAttribute("PropertyType");
        }

        c.Skip();
        return new FieldPath(element, uri);
    }

    /// <summary>Reads exactly one path child of the element the cursor is on (<c>t:FieldOrder</c>, <c>t:Exists</c>).</summary>
    public static FieldPath ReadSingle(ReadContext r, string parent)
    {
        var c = r.Cursor;
        FieldPath? path = null;
        r.Children(null, () =>
        {
            if (path is not null || !IsPath(c))
            {
                throw InvalidChild(c, parent, path is null ? PathNames : null);
            }

            path = Read(r);
        });
        return path ?? throw Incomplete(c, parent, PathNames);
    }

    /// <summary>Reads <c>t:AdditionalProperties</c> (one or more paths) into <paramref name="target"/>.</summary>
    public static void ReadList(ReadContext r, string parent, List<FieldPath> target)
    {
        var c = r.Cursor;
        var count = 0;
        r.Children(null, () =>
        {
            if (!IsPath(c))
            {
                throw InvalidChild(c, parent, PathNames);
            }

            count++;
            target.Add(Read(r));
        });
        if (count == 0)
        {
            throw Incomplete(c, parent, PathNames);
        }
    }

    /// <summary>Reads <c>m:SortOrder</c>: one or more <c>t:FieldOrder Order="Ascending|Descending"</c>, each with one path.</summary>
    public static void ReadSortOrder(ReadContext r, List<(FieldPath Path, bool Descending)> target)
    {
        var c = r.Cursor;
        r.Children(ChildSequence.For("SortOrder", EwsNames.Messages, T, "FieldOrder+"), () =>
        {
            var order = r.EnumAttribute("Order", "SortDirectionType", required: true, "Ascending", "Descending");
            target.Add((ReadSingle(r, "FieldOrder"), order == "Descending"));
        });
    }

    public static EwsViolationException InvalidChild(EwsXmlCursor c, string parent, string? expected, string parentNamespace = T) =>
        c.Violation($"The element '{parent}' in namespace '{parentNamespace}' has invalid child element '{c.LocalName}' in namespace '{c.NamespaceUri}'." +
                    (expected is null ? "" : $" List of possible elements expected: '{expected}' in namespace '{T}'."));

    public static EwsViolationException Incomplete(EwsXmlCursor c, string parent, string expected, string parentNamespace = T) =>
        c.Violation($"The element '{parent}' in namespace '{parentNamespace}' has incomplete content. List of possible elements expected: '{expected}' in namespace '{T}'.");
}
