using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// The mergeable ranks of one encoding: byte sequence → rank (= token id), and back.
/// An open-addressing table whose keys are compared as one 64-bit word for tokens of up to 8 bytes
/// (most of them), so a lookup never allocates and usually touches a single cache line.
/// </summary>
internal sealed class RankTable
{
    /// <summary>Returned by lookups that find nothing; larger than any rank, as the merge loop needs.</summary>
    public const int NoRank = int.MaxValue;

    /// <summary>Bytes that callers must keep readable past the end of a key (lookups read 8 bytes at a time).</summary>
    public const int KeyPadding = 8;

    private const ulong FirstWordMultiplier = 0x9E3779B97F4A7C15;
    private const ulong LastWordMultiplier = 0xC2B2AE3D27D4EB4F;

    private readonly Entry[] _entries;
    private readonly int _shift;
    private readonly byte[] _bytes;
    private readonly int[] _offsets;

    /// <param name="bytes">Every token's bytes, in rank order, followed by <see cref="KeyPadding"/> spare bytes.</param>
    /// <param name="offsets">Start of each rank's bytes in <paramref name="bytes"/>, plus the end of the last one.</param>
    public RankTable(byte[] bytes, int[] offsets)
    {
        _bytes = bytes;
        _offsets = offsets;
        Count = offsets.Length - 1;

        // Load factor at most 0.5: misses (frequent while merging) then end after a probe or two.
        var bits = 1;
        while ((1 << bits) < Count * 2)
        {
            bits++;
        }

        _entries = new Entry[1 << bits];
        _shift = 64 - bits;
        var mask = _entries.Length - 1;
        ReadOnlySpan<byte> all = bytes;
        for (var rank = 0; rank < Count; rank++)
        {
            var start = offsets[rank];
            var length = offsets[rank + 1] - start;
            var first = FirstWord(all, start, length);
            var slot = Slot(all, start, length, first);
            while (_entries[slot].Length != 0)
            {
                slot = (slot + 1) & mask;
            }

            _entries[slot] = new Entry { Key = first, Rank = rank, Length = length };
        }
    }

    /// <summary>Number of mergeable ranks (0 .. Count-1).</summary>
    public int Count { get; }

    /// <summary>Rank of <c>buffer[start .. start+length)</c>, or <see cref="NoRank"/>.</summary>
    /// <remarks><paramref name="buffer"/> must extend at least <see cref="KeyPadding"/> bytes past <paramref name="start"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetRank(ReadOnlySpan<byte> buffer, int start, int length)
    {
        var first = FirstWord(buffer, start, length);
        var entries = _entries;
        var mask = entries.Length - 1;
        var slot = Slot(buffer, start, length, first);
        while (true)
        {
            ref readonly var entry = ref entries[slot];
            if (entry.Length == length && entry.Key == first && (length <= 8 || TailEquals(buffer, start, length, entry.Rank)))
            {
                return entry.Rank;
            }

            if (entry.Length == 0)
            {
                return NoRank;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>The bytes of a rank, or false when it is not a mergeable rank.</summary>
    public bool TryGetBytes(int rank, out ReadOnlySpan<byte> bytes)
    {
        if ((uint)rank >= (uint)Count)
        {
            bytes = default;
            return false;
        }

        bytes = new ReadOnlySpan<byte>(_bytes, _offsets[rank], _offsets[rank + 1] - _offsets[rank]);
        return true;
    }

    private bool TailEquals(ReadOnlySpan<byte> buffer, int start, int length, int rank) =>
        buffer.Slice(start + 8, length - 8).SequenceEqual(new ReadOnlySpan<byte>(_bytes, _offsets[rank] + 8, length - 8));

    /// <summary>The first 8 bytes as a little-endian word, bytes past <paramref name="length"/> cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FirstWord(ReadOnlySpan<byte> buffer, int start, int length)
    {
        var word = MemoryMarshal.Read<ulong>(buffer.Slice(start));
        if (!BitConverter.IsLittleEndian)
        {
            word = BinaryPrimitives.ReverseEndianness(word);
        }

        return length >= 8 ? word : word & ((1UL << (length << 3)) - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ReadOnlySpan<byte> buffer, int start, int length, ulong first)
    {
        var hash = (first + (ulong)length) * FirstWordMultiplier;
        if (length > 8)
        {
            // Long tokens often share their first 8 bytes (" informat..."): mix in the last 8 too.
            hash ^= MemoryMarshal.Read<ulong>(buffer.Slice(start + length - 8)) * LastWordMultiplier;
        }

        return (int)(hash >> _shift);
    }

    // 16 bytes: four entries per cache line.
    private struct Entry
    {
        public ulong Key;
        public int Rank;
        public int Length;
    }
}
