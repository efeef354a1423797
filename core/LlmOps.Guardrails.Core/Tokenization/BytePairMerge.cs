using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// OpenAI's byte-pair merge: repeatedly merge the adjacent pair of parts whose concatenation has the lowest
/// rank (the leftmost one on ties) until no pair is a token. Two implementations of that one rule: a linear
/// scan for ordinary pieces and a heap for long ones (so a megabyte without spaces is not quadratic).
/// </summary>
internal static class BytePairMerge
{
    /// <summary>Pieces up to this many bytes use the scan; its cost grows with the square of the length.</summary>
    public const int ScanLimit = 128;

    /// <summary>
    /// Splits <c>piece[0..length)</c> (length ≥ 2, padded as <see cref="RankTable.GetRank"/> requires) into tokens.
    /// Writes the part start offsets and then <paramref name="length"/> to <paramref name="boundaries"/>
    /// (at least length+1 long) and returns the number of parts.
    /// </summary>
    public static int Merge(RankTable ranks, ReadOnlySpan<byte> piece, int length, Span<int> boundaries) =>
        length <= ScanLimit ? MergeByScan(ranks, piece, length, boundaries) : MergeByHeap(ranks, piece, length, boundaries);

    [SkipLocalsInit]
    internal static int MergeByScan(RankTable ranks, ReadOnlySpan<byte> piece, int length, Span<int> boundaries)
    {
        // starts[i] / pairRanks[i]: start of part i, rank of part i joined with part i+1. The last two entries
        // are sentinels (the last byte and the end), exactly as in the reference implementation.
        Span<int> pairRanks = stackalloc int[ScanLimit + 1];
        var starts = boundaries;
        var count = length + 1;
        for (var i = 0; i < length - 1; i++)
        {
            starts[i] = i;
            pairRanks[i] = ranks.GetRank(piece, i, 2);
        }

        starts[length - 1] = length - 1;
        pairRanks[length - 1] = RankTable.NoRank;
        starts[length] = length;
        pairRanks[length] = RankTable.NoRank;

        while (true)
        {
            var minRank = RankTable.NoRank;
            var at = -1;
            for (var i = 0; i < count - 1; i++)
            {
                if (pairRanks[i] < minRank)
                {
                    minRank = pairRanks[i];
                    at = i;
                }
            }

            if (minRank == RankTable.NoRank)
            {
                break;
            }

            // Part `at` absorbs part at+1; its new pair spans to the start of the part after next.
            if (at > 0)
            {
                pairRanks[at - 1] = RankOfSpan(ranks, piece, starts, count, at - 1);
            }

            pairRanks[at] = RankOfSpan(ranks, piece, starts, count, at);
            var tail = count - (at + 2);
            starts.Slice(at + 2, tail).CopyTo(starts.Slice(at + 1));
            pairRanks.Slice(at + 2, tail).CopyTo(pairRanks.Slice(at + 1));
            count--;
        }

        return count - 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RankOfSpan(RankTable ranks, ReadOnlySpan<byte> piece, Span<int> starts, int count, int i) =>
        i + 3 < count ? ranks.GetRank(piece, starts[i], starts[i + 3] - starts[i]) : RankTable.NoRank;

    /// <summary>
    /// Same result as <see cref="MergeByScan"/> in O(n log n): parts form a linked list keyed by their start
    /// offset; a min-heap ordered by (rank, start) yields the lowest rank and, among equal ranks, the leftmost
    /// pair, which is the scan's choice. Stale heap entries are recognised by a per-part version number.
    /// </summary>
    internal static int MergeByHeap(RankTable ranks, ReadOnlySpan<byte> piece, int length, Span<int> boundaries)
    {
        var pool = ArrayPool<int>.Shared;
        var next = pool.Rent(length + 1);
        var prev = pool.Rent(length + 1);
        var version = pool.Rent(length + 1);
        var heap = new PairHeap(3 * length);
        try
        {
            for (var s = 0; s < length; s++)
            {
                next[s] = s + 1;
                prev[s] = s - 1;
                version[s] = 0;
                if (s + 2 <= length)
                {
                    heap.PushIfRanked(ranks.GetRank(piece, s, 2), s, 0);
                }
            }

            while (heap.TryPop(out var rank, out var start, out var entryVersion))
            {
                if (entryVersion != version[start])
                {
                    continue;
                }

                var absorbed = next[start];
                var after = next[absorbed];
                next[start] = after;
                if (after < length)
                {
                    prev[after] = start;
                }

                version[absorbed]++;
                version[start]++;
                if (after < length)
                {
                    heap.PushIfRanked(ranks.GetRank(piece, start, next[after] - start), start, version[start]);
                }

                if (start > 0)
                {
                    var before = prev[start];
                    version[before]++;
                    heap.PushIfRanked(ranks.GetRank(piece, before, after - before), before, version[before]);
                }
            }

            var parts = 0;
            for (var s = 0; s < length; s = next[s])
            {
                boundaries[parts++] = s;
            }

            boundaries[parts] = length;
            return parts;
        }
        finally
        {
            heap.Dispose();
            pool.Return(version);
            pool.Return(prev);
            pool.Return(next);
        }
    }

    /// <summary>Binary min-heap of (rank, start, version); rank and start packed in one long so ties go leftmost.</summary>
    private struct PairHeap
    {
        private readonly long[] _keys;
        private readonly int[] _versions;
        private int _count;

        public PairHeap(int capacity)
        {
            _keys = ArrayPool<long>.Shared.Rent(capacity);
            _versions = ArrayPool<int>.Shared.Rent(capacity);
            _count = 0;
        }

        public void PushIfRanked(int rank, int start, int version)
        {
            if (rank == RankTable.NoRank)
            {
                return;
            }

            var key = ((long)rank << 32) | (uint)start;
            var i = _count++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (_keys[parent] <= key)
                {
                    break;
                }

                _keys[i] = _keys[parent];
                _versions[i] = _versions[parent];
                i = parent;
            }

            _keys[i] = key;
            _versions[i] = version;
        }

        public bool TryPop(out int rank, out int start, out int version)
        {
            if (_count == 0)
            {
                rank = start = version = 0;
                return false;
            }

            var top = _keys[0];
            rank = (int)(top >> 32);
            start = (int)(uint)top;
            version = _versions[0];

            var lastKey = _keys[--_count];
            var lastVersion = _versions[_count];
            var i = 0;
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && _keys[child + 1] < _keys[child])
                {
                    child++;
                }

                if (_keys[child] >= lastKey)
                {
                    break;
                }

                _keys[i] = _keys[child];
                _versions[i] = _versions[child];
                i = child;
            }

            if (_count > 0)
            {
                _keys[i] = lastKey;
                _versions[i] = lastVersion;
            }

            return true;
        }

        public readonly void Dispose()
        {
            ArrayPool<long>.Shared.Return(_keys);
            ArrayPool<int>.Shared.Return(_versions);
        }
    }
}
