using System;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// o200k_base pre-tokenization, as OpenAI's engine runs it. With U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}],
/// W = [\p{Ll}\p{Lm}\p{Lo}\p{M}], X = [^\r\n\p{L}\p{N}] and C = (?i:'s|'t|'re|'ve|'m|'ll|'d):
/// <c>X?U*W+C?|X?U+W*C?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
/// </summary>
internal readonly struct O200kPattern : IPreTokenizer
{
    private const int WordStartMask = CharClass.PrefixMask | CharClass.UpperRunMask | CharClass.LowerRunMask;

    public int NextPieceEnd(ReadOnlySpan<char> text, int start)
    {
        var charClass = CharClass.At(text, start, out var width);
        if (CharClass.In(charClass, WordStartMask))
        {
            var end = WordEnd(text, start, charClass, width);
            if (end > 0)
            {
                return end;
            }
        }

        var next = start + width;
        if (charClass == CharClass.Number)
        {
            return PatternScanner.NumberEnd(text, next);
        }

        if (CharClass.In(charClass, CharClass.PunctuationMask))
        {
            var end = PatternScanner.RunEnd(text, next, CharClass.PunctuationMask);
            return PatternScanner.NewlineRunEnd(text, end, slash: true);
        }

        if (text[start] == ' ' && next < text.Length && CharClass.In(CharClass.At(text, next, out var nextWidth), CharClass.PunctuationMask))
        {
            var end = PatternScanner.RunEnd(text, next + nextWidth, CharClass.PunctuationMask);
            return PatternScanner.NewlineRunEnd(text, end, slash: true);
        }

        return PatternScanner.WhiteSpaceEnd(text, start);
    }

    /// <summary>The two word alternatives, X?U*W+C? then X?U+W*C?; -1 when neither matches.</summary>
    /// <remarks>
    /// Marks and \p{Lm}/\p{Lo} are in both U and W (and marks also in X), which is what makes the backtracking
    /// matter: U* first takes as much as it can, then gives back until W+ can start.
    /// </remarks>
    private static int WordEnd(ReadOnlySpan<char> text, int start, int firstClass, int firstWidth)
    {
        var hasPrefix = CharClass.In(firstClass, CharClass.PrefixMask);

        // X?U*W+C? : the optional prefix is tried taken first, then skipped.
        for (var attempt = hasPrefix ? 0 : 1; attempt < 2; attempt++)
        {
            var position = attempt == 0 ? start + firstWidth : start;
            var lastInBothEnd = -1;
            var nextClass = -1;
            var nextWidth = 0;
            while (position < text.Length)
            {
                nextClass = CharClass.At(text, position, out nextWidth);
                if (!CharClass.In(nextClass, CharClass.UpperRunMask))
                {
                    break;
                }

                position += nextWidth;
                if (CharClass.In(nextClass, CharClass.BothRunsMask))
                {
                    lastInBothEnd = position;
                }
            }

            if (position < text.Length && nextClass == CharClass.Lower)
            {
                // U* kept everything and W+ starts right after it.
                return WithContraction(text, PatternScanner.RunEnd(text, position + nextWidth, CharClass.LowerRunMask));
            }

            if (lastInBothEnd > 0)
            {
                // U* gave back to its last character that W also accepts; W+ is that one character
                // (what follows it in the run is upper case only, and the run ended on a non-W character).
                return WithContraction(text, lastInBothEnd);
            }
        }

        // X?U+W*C?
        for (var attempt = hasPrefix ? 0 : 1; attempt < 2; attempt++)
        {
            var from = attempt == 0 ? start + firstWidth : start;
            var upperEnd = PatternScanner.RunEnd(text, from, CharClass.UpperRunMask);
            if (upperEnd > from)
            {
                return WithContraction(text, PatternScanner.RunEnd(text, upperEnd, CharClass.LowerRunMask));
            }
        }

        return -1;
    }

    private static int WithContraction(ReadOnlySpan<char> text, int end) =>
        end < text.Length && text[end] == '\'' ? end + PatternScanner.ContractionLength(text, end) : end;
}
