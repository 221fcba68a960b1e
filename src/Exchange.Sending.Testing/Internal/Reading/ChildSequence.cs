namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// Our own check of element order and required children for the elements the server parses, so that even
/// without Microsoft's schema files an out-of-order or incomplete request is refused (messages worded like .NET's validator).
/// </summary>
internal sealed class ChildSequence
{
    private readonly string _parent;
    private readonly string _parentNamespace;
    private readonly Item[] _items;
    private readonly bool[] _seen;
    private int _next;

    private ChildSequence(string parent, string parentNamespace, Item[] items)
    {
        _parent = parent;
        _parentNamespace = parentNamespace;
        _items = items;
        _seen = new bool[items.Length];
    }

    /// <summary>
    /// Spec: names in order; suffix <c>!</c> = required, <c>*</c> = repeatable, <c>+</c> = required and repeatable.
    /// A name may be prefixed <c>m:</c> or <c>t:</c> (default: <paramref name="childNamespace"/>).
    /// </summary>
    public static ChildSequence For(string parent, string parentNamespace, string childNamespace, string spec)
    {
        var items = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s =>
        {
            var ns = childNamespace;
            if (s.StartsWith("m:", StringComparison.Ordinal))
            {
                ns = EwsNames.Messages;
                s = s[2..];
            }
            else if (s.StartsWith("t:", StringComparison.Ordinal))
            {
                ns = EwsNames.Types;
                s = s[2..];
            }

            var required = s.EndsWith('!') || s.EndsWith('+');
            var repeat = s.EndsWith('*') || s.EndsWith('+');
            var name = required || repeat ? s[..^1] : s;
            return new Item(name, ns, required, repeat);
        }).ToArray();
        return new ChildSequence(parent, parentNamespace, items);
    }

    public void Accept(EwsXmlCursor cursor)
    {
        var name = cursor.LocalName;
        var ns = cursor.NamespaceUri;
        for (var j = _next; j < _items.Length; j++)
        {
            if (_items[j].Name == name && _items[j].Namespace == ns)
            {
                for (var k = _next; k < j; k++)
                {
                    if (_items[k].Required && !_seen[k])
                    {
                        throw InvalidChild(cursor);
                    }
                }

                _seen[j] = true;
                _next = _items[j].Repeat ? j : j + 1;
                return;
            }

            if (_items[j].Required && !_seen[j])
            {
                break;
            }
        }

        throw InvalidChild(cursor);
    }

    public void Complete(EwsXmlCursor cursor)
    {
        for (var k = _next; k < _items.Length; k++)
        {
            if (_items[k].Required && !_seen[k])
            {
                throw cursor.Violation(
                    $"The element '{_parent}' in namespace '{_parentNamespace}' has incomplete content. List of possible elements expected: {Expected()}.");
            }
        }
    }

    private EwsViolationException InvalidChild(EwsXmlCursor cursor)
    {
        var expected = Expected();
        var tail = expected.Length == 0 ? "" : $" List of possible elements expected: {expected}.";
        return cursor.Violation(
            $"The element '{_parent}' in namespace '{_parentNamespace}' has invalid child element '{cursor.LocalName}' in namespace '{cursor.NamespaceUri}'.{tail}");
    }

    private string Expected()
    {
        var names = new List<Item>();
        for (var k = _next; k < _items.Length; k++)
        {
            if (_seen[k] && !_items[k].Repeat)
            {
                continue;
            }

            names.Add(_items[k]);
            if (_items[k].Required && !_seen[k])
            {
                break;
            }
        }

        return string.Join(" as well as ", names.GroupBy(i => i.Namespace)
            .Select(g => $"'{string.Join(", ", g.Select(i => i.Name))}' in namespace '{g.Key}'"));
    }

    private readonly record struct Item(string Name, string Namespace, bool Required, bool Repeat);
}
