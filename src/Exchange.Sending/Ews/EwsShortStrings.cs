namespace Exchange.Sending.Ews;

/// <summary>
/// The strings of one thread's last EWS answers, found again from their bytes: names and short ASCII values (ResponseCode,
/// ResponseClass, ServerVersionInfo's numbers) repeat in every answer, and decoding or atomizing them anew cost a hash of the
/// name, a name-table look-up and, for values, a string per answer (issue 10). Direct-mapped and bounded: a slot holds the
/// last string whose bytes hashed to it, so a server that sends endless distinct values only replaces entries.
/// </summary>
internal sealed class EwsShortStrings
{
    /// <summary>Longer byte runs are not kept (item ids, bodies, messages are rarely repeated).</summary>
    public const int MaxLength = 32;

    private const int Slots = 256;

    private readonly byte[]?[] _keys = new byte[]?[Slots];
    private readonly string?[] _values = new string?[Slots];

    /// <summary>The string kept for <paramref name="bytes"/>, or <see langword="null"/>.</summary>
    public string? Find(ReadOnlySpan<byte> bytes, out int slot)
    {
        slot = Slot(bytes);
        var key = _keys[slot];
        return key is not null && bytes.SequenceEqual(key) ? _values[slot] : null;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="bytes"/> in <paramref name="slot"/> (from <see cref="Find"/>).</summary>
    public string Keep(ReadOnlySpan<byte> bytes, int slot, string value)
    {
        _keys[slot] = bytes.ToArray();
        _values[slot] = value;
        return value;
    }

    /// <summary>Forgets everything (the name table the names came from was replaced).</summary>
    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_values);
    }

    // Length and three bytes: enough to tell EWS's names and values apart, and cheap.
    private static int Slot(ReadOnlySpan<byte> bytes) => bytes.Length == 0
        ? 0
        : (int)((uint)(bytes.Length * 131 + bytes[0] * 31 + bytes[^1] * 7 + bytes[bytes.Length / 2]) * 2654435761u >> 24) & (Slots - 1);
}
