using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Eval.Comparison;

/// <summary>
/// Percentile interval of the paired pass-rate difference by resampling cases with replacement. Deterministic:
/// a fixed SplitMix64 generator (not System.Random, whose sequence is not a documented contract).
/// </summary>
public static class PairedBootstrap
{
    /// <param name="differences">Per paired case: +1 candidate-only pass, -1 baseline-only pass, 0 concordant.</param>
    /// <returns>(low, high) or null when there are no pairs or no resamples.</returns>
    public static (double Low, double High)? Interval(IReadOnlyList<int> differences, int resamples, ulong seed, double confidence)
    {
        if (differences is null) throw new ArgumentNullException(nameof(differences));
        if (confidence <= 0 || confidence >= 1) throw new ArgumentOutOfRangeException(nameof(confidence));
        int n = differences.Count;
        if (n == 0 || resamples <= 0) return null;

        var rng = new SplitMix64(seed);
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            long sum = 0;
            for (int i = 0; i < n; i++) sum += differences[rng.NextIndex(n)];
            means[r] = (double)sum / n;
        }

        Array.Sort(means);
        double tail = (1 - confidence) / 2;
        int lo = (int)Math.Floor(tail * resamples);
        int hi = (int)Math.Ceiling((1 - tail) * resamples) - 1;
        lo = Math.Min(Math.Max(lo, 0), resamples - 1);
        hi = Math.Min(Math.Max(hi, 0), resamples - 1);
        return (means[lo], means[hi]);
    }

    private struct SplitMix64
    {
        private ulong _state;

        public SplitMix64(ulong seed) => _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int NextIndex(int n) => (int)((Next() >> 11) * (double)n / (1UL << 53));
    }
}
