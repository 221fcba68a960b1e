using System.Buffers;
using System.Text;

namespace Exchange.Sending.Ews;

/// <summary>
/// Raw C0 control characters (other than tab, CR, LF) in a UTF-8 response, rewritten as character references so that a
/// reader with <c>CheckCharacters = false</c> accepts them in text and attribute values, where servers put them, and still
/// rejects them inside markup (an element name with a character reference in it is not a name). In UTF-8 these bytes never occur inside a multi-byte
/// sequence, so a byte scan finds exactly the characters. UTF-16 bodies (a BOM, or a NUL in the first two bytes) are left
/// alone: there every other byte is NUL.
/// </summary>
internal static class RawControlCharacters
{
    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F]);

    public static bool Find(ReadOnlySpan<byte> body) =>
        !LooksLikeUtf16(body) && body.IndexOfAny(Controls) >= 0;

    public static byte[] Escape(ReadOnlySpan<byte> body)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        while (body.Length > 0)
        {
            var at = body.IndexOfAny(Controls);
            if (at < 0)
            {
                output.Write(body);
                break;
            }

            output.Write(body[..at]);
            output.Write(Encoding.ASCII.GetBytes($"&#x{body[at]:X};"));
            body = body[(at + 1)..];
        }

        return output.WrittenSpan.ToArray();
    }

    private static bool LooksLikeUtf16(ReadOnlySpan<byte> body) =>
        body.Length >= 2 && ((body[0] == 0xFF && body[1] == 0xFE) || (body[0] == 0xFE && body[1] == 0xFF) || body[0] == 0 || body[1] == 0);
}
