using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// Remembers the token count of pieces that needed a byte-pair merge (words outside the vocabulary, identifiers):
/// text repeats them, and a hit costs a hash and a compare instead of a dozen rank lookups. One cache per thread
/// and encoding ([ThreadStatic] in a generic class), so it needs no locks and allocates only once per thread.
/// </summary>
internal sealed class PieceCountCache
{
    /// <summary>Longest piece (in UTF-8 bytes) the cache holds; nearly all merged pieces are shorter.</summary>
    public const int MaxKeyBytes = 32;

    private const int Bits = 12;
    private const int Size = 1 << Bits;

    private readonly byte[] _keys = new byte[Size * MaxKeyBytes];
    private readonly int[] _lengths = new int[Size];
    private readonly int[] _counts = new int[Size];

    public PieceCountCache(RankTable owner) => Owner = owner;

    /// <summary>The rank table whose counts this cache holds.</summary>
    public RankTable Owner { get; }

    /// <summary>Slot for <paramref name="piece"/> (which must be padded to a multiple of 8 bytes past its length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Slot(ReadOnlySpan<byte> piece, int length)
    {
        var hash = (ulong)length * 0x9E3779B97F4A7C15;
        var words = MemoryMarshal.Cast<byte, ulong>(piece);
        var full = length >> 3;
        for (var i = 0; i < full; i++)
        {
            hash = (hash ^ words[i]) * 0xC2B2AE3D27D4EB4F;
        }

        var rest = length & 7;
        if (rest != 0)
        {
            hash = (hash ^ (words[full] & ((1UL << (rest << 3)) - 1))) * 0xC2B2AE3D27D4EB4F;
        }

        return (int)(hash >> (64 - Bits));
    }

    public bool TryGet(int slot, ReadOnlySpan<byte> piece, int length, out int count)
    {
        count = _counts[slot];
        return _lengths[slot] == length && piece.Slice(0, length).SequenceEqual(new ReadOnlySpan<byte>(_keys, slot * MaxKeyBytes, length));
    }

    public void Set(int slot, ReadOnlySpan<byte> piece, int length, int count)
    {
        piece.Slice(0, length).CopyTo(new Span<byte>(_keys, slot * MaxKeyBytes, MaxKeyBytes));
        _lengths[slot] = length;
        _counts[slot] = count;
    }
}

/// <summary>The calling thread's cache for the encoding whose pattern is <typeparamref name="TPattern"/>.</summary>
internal static class PieceCountCache<TPattern>
    where TPattern : struct, IPreTokenizer
{
    [ThreadStatic]
    private static PieceCountCache? t_cache;

    /// <summary>The cache for <paramref name="ranks"/>; replaced if another table with the same pattern was used last.</summary>
    public static PieceCountCache For(RankTable ranks)
    {
        var cache = t_cache;
        if (cache is null || !ReferenceEquals(cache.Owner, ranks))
        {
            t_cache = cache = new PieceCountCache(ranks);
        }

        return cache;
    }
}
