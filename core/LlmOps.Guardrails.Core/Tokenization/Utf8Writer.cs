using System;
using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>UTF-8 encoding of one piece into a caller-supplied buffer, without the overhead of an Encoder.</summary>
internal static class Utf8Writer
{
    /// <summary>Most bytes <see cref="Write"/> produces for <paramref name="charCount"/> UTF-16 units.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MaxBytes(int charCount) => charCount * 3;

    /// <summary>
    /// Writes <paramref name="chars"/> as UTF-8 and returns the byte count. A lone surrogate becomes U+FFFD
    /// (EF BF BD), which is what the reference engine receives for such text from JavaScript or Python.
    /// </summary>
    public static int Write(ReadOnlySpan<char> chars, Span<byte> destination)
    {
        var written = 0;
        var i = 0;

        // ASCII first: the common case is one byte per char and no branches beyond the loop test.
        while (i < chars.Length && chars[i] < 0x80)
        {
            destination[i] = (byte)chars[i];
            i++;
        }

        written = i;
        for (; i < chars.Length; i++)
        {
            int c = chars[i];
            if (c < 0x80)
            {
                destination[written++] = (byte)c;
            }
            else if (c < 0x800)
            {
                destination[written++] = (byte)(0xC0 | (c >> 6));
                destination[written++] = (byte)(0x80 | (c & 0x3F));
            }
            else if ((uint)(c - 0xD800) >= 0x800u)
            {
                destination[written++] = (byte)(0xE0 | (c >> 12));
                destination[written++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                destination[written++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (c < 0xDC00 && i + 1 < chars.Length && (uint)(chars[i + 1] - 0xDC00) < 0x400u)
            {
                var codePoint = 0x10000 + ((c - 0xD800) << 10) + (chars[i + 1] - 0xDC00);
                i++;
                destination[written++] = (byte)(0xF0 | (codePoint >> 18));
                destination[written++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                destination[written++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                destination[written++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else
            {
                destination[written++] = 0xEF;
                destination[written++] = 0xBF;
                destination[written++] = 0xBD;
            }
        }

        return written;
    }
}
