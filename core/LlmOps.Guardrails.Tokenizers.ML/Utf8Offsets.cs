using System;

namespace LlmOps.Guardrails.Tokenizers.ML;

/// <summary>
/// Maps UTF-8 byte positions of a text to its UTF-16 char positions, counting the bytes the way Core's
/// tokenizer encodes them: a surrogate pair is 4 bytes, a lone surrogate is U+FFFD (3 bytes).
/// Token ids carry bytes; ML.Tokenizers' <c>EncodedToken</c> wants char offsets.
/// </summary>
internal sealed class Utf8Offsets
{
    // _charAtByte[b] is the index of the char whose encoding holds byte b; one extra entry maps the end.
    private readonly int[] _charAtByte;
    private readonly bool[] _startsChar;

    public Utf8Offsets(ReadOnlySpan<char> text)
    {
        var byteCount = 0;
        for (var i = 0; i < text.Length; i += CharsOf(text, i))
        {
            byteCount += BytesOf(text, i);
        }

        _charAtByte = new int[byteCount + 1];
        _startsChar = new bool[byteCount + 1];
        var at = 0;
        for (var i = 0; i < text.Length;)
        {
            var chars = CharsOf(text, i);
            var bytes = BytesOf(text, i);
            _startsChar[at] = true;
            for (var b = 0; b < bytes; b++)
            {
                _charAtByte[at + b] = i;
            }

            at += bytes;
            i += chars;
        }

        _charAtByte[byteCount] = text.Length;
        _startsChar[byteCount] = true;
        ByteCount = byteCount;
    }

    public int ByteCount { get; }

    /// <summary>The char index whose encoding holds byte <paramref name="bytePosition"/> (the text's length at the end).</summary>
    public int CharAt(int bytePosition) => _charAtByte[bytePosition];

    /// <summary>True when <paramref name="bytePosition"/> is the first byte of a character, or the end.</summary>
    public bool IsCharBoundary(int bytePosition) => _startsChar[bytePosition];

    private static int CharsOf(ReadOnlySpan<char> text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

    private static int BytesOf(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        if (CharsOf(text, i) == 2)
        {
            return 4;
        }

        return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
}
