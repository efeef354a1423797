using System;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// cl100k_base pre-tokenization, as OpenAI's engine runs it:
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
/// </summary>
/// <remarks>
/// The alternatives are tried in order at each position and every position matches one of them, so the
/// pieces tile the text. Each branch below is one alternative; the order of the checks is the regex order
/// wherever two alternatives could both match.
/// </remarks>
internal readonly struct Cl100kPattern : IPreTokenizer
{
    public int NextPieceEnd(ReadOnlySpan<char> text, int start)
    {
        var c = text[start];
        if (c == '\'')
        {
            var contraction = PatternScanner.ContractionLength(text, start);
            if (contraction != 0)
            {
                return start + contraction;
            }
        }

        var charClass = CharClass.At(text, start, out var width);
        var next = start + width;
        if (CharClass.In(charClass, CharClass.LetterMask))
        {
            return PatternScanner.RunEnd(text, next, CharClass.LetterMask);
        }

        if (charClass == CharClass.Number)
        {
            return PatternScanner.NumberEnd(text, next);
        }

        // Here the first character is punctuation, a mark or white space.
        if (charClass != CharClass.Newline && next < text.Length)
        {
            var nextClass = CharClass.At(text, next, out var nextWidth);
            if (CharClass.In(nextClass, CharClass.LetterMask))
            {
                // [^\r\n\p{L}\p{N}]?\p{L}+ with the optional prefix taken.
                return PatternScanner.RunEnd(text, next + nextWidth, CharClass.LetterMask);
            }

            if (c == ' ' && CharClass.In(nextClass, CharClass.PunctuationMask))
            {
                // " ?[^\s\p{L}\p{N}]+[\r\n]*" with the optional space taken.
                var end = PatternScanner.RunEnd(text, next + nextWidth, CharClass.PunctuationMask);
                return PatternScanner.NewlineRunEnd(text, end, slash: false);
            }
        }

        if (CharClass.In(charClass, CharClass.PunctuationMask))
        {
            var end = PatternScanner.RunEnd(text, next, CharClass.PunctuationMask);
            return PatternScanner.NewlineRunEnd(text, end, slash: false);
        }

        return PatternScanner.WhiteSpaceEnd(text, start);
    }
}
