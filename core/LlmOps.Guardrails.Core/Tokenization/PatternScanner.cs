using System;
using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// Building blocks shared by the two pre-tokenizers. Each one reproduces a piece of OpenAI's regexes with the
/// backtracking (leftmost-first) semantics of the Rust engine, working on UTF-16 with whole code points.
/// </summary>
internal static class PatternScanner
{
    /// <summary>End of the longest run, from <paramref name="position"/>, of code points whose class is in <paramref name="mask"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RunEnd(ReadOnlySpan<char> text, int position, int mask)
    {
        while (position < text.Length)
        {
            var charClass = CharClass.At(text, position, out var width);
            if (!CharClass.In(charClass, mask))
            {
                break;
            }

            position += width;
        }

        return position;
    }

    /// <summary><c>\p{N}{1,3}</c> where the first number ends at <paramref name="position"/>.</summary>
    public static int NumberEnd(ReadOnlySpan<char> text, int position)
    {
        for (var taken = 1; taken < 3 && position < text.Length; taken++)
        {
            if (CharClass.At(text, position, out var width) != CharClass.Number)
            {
                break;
            }

            position += width;
        }

        return position;
    }

    /// <summary><c>[\r\n]*</c>, or <c>[\r\n/]*</c> when <paramref name="slash"/> is set (o200k_base).</summary>
    public static int NewlineRunEnd(ReadOnlySpan<char> text, int position, bool slash)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c != '\n' && c != '\r' && !(slash && c == '/'))
            {
                break;
            }

            position++;
        }

        return position;
    }

    /// <summary>
    /// Length of <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)</c> at <paramref name="position"/>, or 0.
    /// Rust's case-insensitive matching uses Unicode simple case folding, so <c>s</c> also matches
    /// U+017F LATIN SMALL LETTER LONG S; no other letter of these suffixes has a non-ASCII fold.
    /// </summary>
    public static int ContractionLength(ReadOnlySpan<char> text, int position)
    {
        if (position + 1 >= text.Length || text[position] != '\'')
        {
            return 0;
        }

        // OR-ing 0x20 lower-cases ASCII letters; no other UTF-16 unit maps onto an ASCII lower-case letter.
        var first = text[position + 1];
        switch (first | 0x20)
        {
            case 's':
            case 't':
            case 'm':
            case 'd':
                return 2;
            case 'r':
            case 'v':
                return position + 2 < text.Length && (text[position + 2] | 0x20) == 'e' ? 3 : 0;
            case 'l':
                return position + 2 < text.Length && (text[position + 2] | 0x20) == 'l' ? 3 : 0;
            default:
                return first == '\u017F' ? 2 : 0;
        }
    }

    /// <summary>
    /// The white-space alternatives both patterns end with, <c>\s*[\r\n]+|\s+(?!\S)|\s+</c>, at a white-space
    /// character. All White_Space characters are in the BMP, so UTF-16 units are code points here.
    /// </summary>
    public static int WhiteSpaceEnd(ReadOnlySpan<char> text, int start)
    {
        var lastNewline = -1;
        var end = start;
        while (end < text.Length)
        {
            var c = text[end];
            if (c == '\n' || c == '\r')
            {
                lastNewline = end;
            }
            else if (!CharClass.In(CharClass.At(text, end, out _), CharClass.WhiteSpaceMask))
            {
                break;
            }

            end++;
        }

        // \s*[\r\n]+ : \s* backs off until [\r\n]+ can start, i.e. to the last CR/LF of the run.
        if (lastNewline >= 0)
        {
            return lastNewline + 1;
        }

        // \s+(?!\S) : at the end of the text the whole run; before a non-space it gives back one character,
        // which then prefixes the next piece (" word"). A single space before a non-space falls to \s+.
        return end == text.Length || end - start == 1 ? end : end - 1;
    }
}
