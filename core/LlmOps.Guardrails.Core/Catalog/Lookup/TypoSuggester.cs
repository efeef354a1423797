using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Catalog.Lookup;

/// <summary>
/// Finds the nearest known name to a misspelt one by optimal-string-alignment distance (edits and
/// adjacent swaps), case-insensitively, and only when it is close enough to be the likely intent.
/// </summary>
internal static class TypoSuggester
{
    /// <summary>How many edits still count as a typo: one for short names, up to three for long ids.</summary>
    public static int Threshold(int length) => Math.Max(1, Math.Min(3, length / 5));

    public static string? Nearest(string query, IReadOnlyList<string> candidates) => Nearest(query.AsSpan(), candidates);

    public static string? Nearest(ReadOnlySpan<char> query, IEnumerable<string> candidates)
    {
        var limit = Threshold(query.Length);
        string? best = null;
        var bestDistance = limit + 1;
        var bestPrefix = -1;
        foreach (var candidate in candidates)
        {
            Consider(query, candidate, limit, ref best, ref bestDistance, ref bestPrefix);
        }

        return best;
    }

    /// <summary>
    /// The nearest of the candidates that are not retired at <paramref name="at"/>; <paramref name="retires"/> holds,
    /// for each candidate, the day it retires (null when none is known). Allocates nothing.
    /// </summary>
    public static string? NearestLive(ReadOnlySpan<char> query, IReadOnlyList<string> candidates, IReadOnlyList<DateTime?> retires, DateTime at)
    {
        var limit = Threshold(query.Length);
        string? best = null;
        var bestDistance = limit + 1;
        var bestPrefix = -1;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (retires[i] is not { } day || at < day)
            {
                Consider(query, candidates[i], limit, ref best, ref bestDistance, ref bestPrefix);
            }
        }

        return best;
    }

    private static void Consider(ReadOnlySpan<char> query, string candidate, int limit, ref string? best, ref int bestDistance, ref int bestPrefix)
    {
        // A length gap larger than the limit can never be bridged; skip the matrix.
        if (Math.Abs(candidate.Length - query.Length) > limit)
        {
            return;
        }

        var distance = Distance(query, candidate.AsSpan(), limit);
        if (distance > limit)
        {
            return;
        }

        // Ties go to the candidate sharing the longest prefix: "gpt-4o-2024-08-07" means "-08-06", not "-11-20".
        var prefix = CommonPrefix(query, candidate.AsSpan());
        if (distance < bestDistance || (distance == bestDistance && prefix > bestPrefix))
        {
            best = candidate;
            bestDistance = distance;
            bestPrefix = prefix;
        }
    }

    /// <summary>Case-insensitive OSA distance; returns <paramref name="limit"/> + 1 as soon as it must exceed it.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int limit)
    {
        var width = b.Length + 1;
        var buffer = width * 3 <= 512 ? stackalloc int[width * 3] : new int[width * 3];
        var before = buffer.Slice(0, width);
        var previous = buffer.Slice(width, width);
        var current = buffer.Slice(width * 2, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            var ai = Fold(a[i - 1]);
            for (var j = 1; j < width; j++)
            {
                var bj = Fold(b[j - 1]);
                var cost = ai == bj ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && ai == Fold(b[j - 2]) && Fold(a[i - 2]) == bj)
                {
                    value = Math.Min(value, before[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            // Rotate the three rows without copying.
            var spare = before;
            before = previous;
            previous = current;
            current = spare;
        }

        return previous[b.Length];
    }

    private static int CommonPrefix(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && Fold(a[i]) == Fold(b[i]))
        {
            i++;
        }

        return i;
    }

    internal static char Fold(char c) =>
        c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
}
