using System;
using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// The only character distinctions OpenAI's pre-tokenization patterns make. Values match the bytes of
/// <c>Data/char-classes.bin.gz</c>.
/// </summary>
internal static class CharClass
{
    /// <summary>Punctuation, symbols, controls, format characters (U+FEFF, U+200B), unassigned, lone surrogates.</summary>
    public const int Other = 0;

    /// <summary>\p{M}: not a letter for \p{L}, but part of both letter runs in o200k_base.</summary>
    public const int Mark = 1;

    /// <summary>\p{Lu} or \p{Lt}.</summary>
    public const int Upper = 2;

    /// <summary>\p{Ll}.</summary>
    public const int Lower = 3;

    /// <summary>\p{Lm} or \p{Lo}: counted as both upper and lower by o200k_base.</summary>
    public const int OtherLetter = 4;

    /// <summary>\p{N}.</summary>
    public const int Number = 5;

    /// <summary>White_Space other than CR and LF.</summary>
    public const int Space = 6;

    /// <summary>CR or LF.</summary>
    public const int Newline = 7;

    // Bit sets over the classes above, so each regex character class is one shift and mask.
    public const int LetterMask = (1 << Upper) | (1 << Lower) | (1 << OtherLetter);                  // \p{L}
    public const int UpperRunMask = (1 << Upper) | (1 << OtherLetter) | (1 << Mark);                 // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
    public const int LowerRunMask = (1 << Lower) | (1 << OtherLetter) | (1 << Mark);                 // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
    public const int BothRunsMask = (1 << OtherLetter) | (1 << Mark);
    public const int PrefixMask = (1 << Other) | (1 << Mark) | (1 << Space);                         // [^\r\n\p{L}\p{N}]
    public const int PunctuationMask = (1 << Other) | (1 << Mark);                                   // [^\s\p{L}\p{N}]
    public const int WhiteSpaceMask = (1 << Space) | (1 << Newline);                                 // \s

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool In(int charClass, int mask) => ((mask >> charClass) & 1) != 0;

    /// <summary>Class and UTF-16 width of the code point at <paramref name="index"/>.</summary>
    /// <remarks>A lone surrogate is what the reference engine sees as U+FFFD: class Other, width 1.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int At(ReadOnlySpan<char> text, int index, out int width)
    {
        int c = text[index];
        width = 1;
        if (c < 0x80)
        {
            return Ascii[c];
        }

        if ((uint)(c - 0xD800) < 0x800u)
        {
            return Surrogate(text, index, c, out width);
        }

        return CharClassTable.Lookup(c);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Surrogate(ReadOnlySpan<char> text, int index, int c, out int width)
    {
        width = 1;
        if (c < 0xDC00 && index + 1 < text.Length)
        {
            int low = text[index + 1];
            if ((uint)(low - 0xDC00) < 0x400u)
            {
                width = 2;
                return CharClassTable.Lookup(0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
            }
        }

        return Other;
    }

    // ASCII is most of every real prompt; this table spares it the two-level lookup.
    private static ReadOnlySpan<byte> Ascii => new byte[]
    {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 7, 6, 6, 7, 0, 0, // \t \n \v \f \r
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // space, punctuation
        5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0, // digits
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, // @ A-O
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, // P-Z
        0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // ` a-o
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, // p-z
    };
}
