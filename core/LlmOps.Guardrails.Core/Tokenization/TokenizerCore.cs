using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// The hot loop: pre-tokenize, UTF-8 encode each piece into scratch space, look the whole piece up (most pieces
/// are one token), and byte-pair merge only the rest. Generic over the pattern so each encoding gets its own
/// specialised, inlined copy. Counting allocates nothing: pieces of up to <see cref="StackChars"/> chars use
/// stack buffers, longer ones pooled arrays.
/// </summary>
internal static class TokenizerCore
{
    private const int StackChars = 128;
    private const int StackBytes = StackChars * 3;

    [SkipLocalsInit]
    public static int Count<TPattern>(RankTable ranks, ReadOnlySpan<char> text)
        where TPattern : struct, IPreTokenizer
    {
        Span<byte> bytes = stackalloc byte[StackBytes + RankTable.KeyPadding];
        Span<int> boundaries = stackalloc int[StackBytes + 1];
        var cache = PieceCountCache<TPattern>.For(ranks);
        var pattern = default(TPattern);
        var count = 0;
        var position = 0;
        while (position < text.Length)
        {
            var end = pattern.NextPieceEnd(text, position);
            var piece = text.Slice(position, end - position);
            position = end;
            count += piece.Length <= StackChars ? CountPiece(ranks, cache, piece, bytes, boundaries) : CountLongPiece(ranks, piece);
        }

        return count;
    }

    [SkipLocalsInit]
    public static void Encode<TPattern>(RankTable ranks, ReadOnlySpan<char> text, ref TokenBuffer output)
        where TPattern : struct, IPreTokenizer
    {
        Span<byte> bytes = stackalloc byte[StackBytes + RankTable.KeyPadding];
        Span<int> boundaries = stackalloc int[StackBytes + 1];
        var pattern = default(TPattern);
        var position = 0;
        while (position < text.Length)
        {
            var end = pattern.NextPieceEnd(text, position);
            var piece = text.Slice(position, end - position);
            position = end;
            if (piece.Length <= StackChars)
            {
                EncodePiece(ranks, piece, bytes, boundaries, ref output);
            }
            else
            {
                EncodeLongPiece(ranks, piece, ref output);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountPiece(RankTable ranks, PieceCountCache cache, ReadOnlySpan<char> piece, Span<byte> bytes, Span<int> boundaries)
    {
        var length = Utf8Writer.Write(piece, bytes);
        if (ranks.GetRank(bytes, 0, length) != RankTable.NoRank)
        {
            return 1;
        }

        if (length > PieceCountCache.MaxKeyBytes)
        {
            return BytePairMerge.Merge(ranks, bytes, length, boundaries);
        }

        var slot = PieceCountCache.Slot(bytes, length);
        if (!cache.TryGet(slot, bytes, length, out var count))
        {
            count = BytePairMerge.Merge(ranks, bytes, length, boundaries);
            cache.Set(slot, bytes, length, count);
        }

        return count;
    }

    private static int CountLongPiece(RankTable ranks, ReadOnlySpan<char> piece)
    {
        var maxBytes = Utf8Writer.MaxBytes(piece.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(maxBytes + RankTable.KeyPadding);
        var boundaries = ArrayPool<int>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = Utf8Writer.Write(piece, bytes);
            return ranks.GetRank(bytes, 0, length) != RankTable.NoRank ? 1 : BytePairMerge.Merge(ranks, bytes, length, boundaries);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(boundaries);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void EncodePiece(RankTable ranks, ReadOnlySpan<char> piece, Span<byte> bytes, Span<int> boundaries, ref TokenBuffer output)
    {
        var length = Utf8Writer.Write(piece, bytes);
        var whole = ranks.GetRank(bytes, 0, length);
        if (whole != RankTable.NoRank)
        {
            output.Add(whole);
            return;
        }

        var parts = BytePairMerge.Merge(ranks, bytes, length, boundaries);
        for (var i = 0; i < parts; i++)
        {
            output.Add(ranks.GetRank(bytes, boundaries[i], boundaries[i + 1] - boundaries[i]));
        }
    }

    private static void EncodeLongPiece(RankTable ranks, ReadOnlySpan<char> piece, ref TokenBuffer output)
    {
        var maxBytes = Utf8Writer.MaxBytes(piece.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(maxBytes + RankTable.KeyPadding);
        var boundaries = ArrayPool<int>.Shared.Rent(maxBytes + 1);
        try
        {
            EncodePiece(ranks, piece, bytes, boundaries, ref output);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(boundaries);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
