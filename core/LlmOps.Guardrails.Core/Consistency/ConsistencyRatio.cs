using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Consistency
{
    /// <summary>
    /// How many repeated calls answered with their input's most frequent (modal) output: the numerator and denominator of
    /// the consistency ratio. <see cref="Ratio"/> is null when nothing was repeated.
    /// </summary>
    public readonly struct ConsistencyCount : IEquatable<ConsistencyCount>
    {
        public ConsistencyCount(int matching, int repeated)
        {
            if (repeated < 0 || matching < 0 || matching > repeated)
            {
                throw new ArgumentOutOfRangeException(nameof(matching), $"matching ({matching}) must be between 0 and repeated ({repeated}).");
            }

            Matching = matching;
            Repeated = repeated;
        }

        /// <summary>Repeated calls whose output hash equals their group's modal output hash.</summary>
        public int Matching { get; }

        /// <summary>Calls in groups of two or more (a call made once is not a repeat and is not counted).</summary>
        public int Repeated { get; }

        /// <summary><see cref="Matching"/> / <see cref="Repeated"/>; null when <see cref="Repeated"/> is 0.</summary>
        public double? Ratio => Repeated == 0 ? null : (double)Matching / Repeated;

        public static ConsistencyCount operator +(ConsistencyCount left, ConsistencyCount right) =>
            new(left.Matching + right.Matching, left.Repeated + right.Repeated);

        public bool Equals(ConsistencyCount other) => Matching == other.Matching && Repeated == other.Repeated;

        public override bool Equals(object? obj) => obj is ConsistencyCount other && Equals(other);

        public override int GetHashCode() => (Matching * 397) ^ Repeated;

        public override string ToString() => $"{Matching}/{Repeated}";
    }

    /// <summary>
    /// The one definition of response consistency, shared by the runtime signal and <c>dotnet eval history</c>.
    /// Calls are grouped by what makes them "the same call" (prompt identity, input hash, model); within a group of
    /// <c>n ≥ 2</c> calls, the modal output hash is the one that occurs most often and <c>m</c> is how often it occurs
    /// (a tie takes any of the tied hashes: <c>m</c> is the same). The ratio over a set of groups is
    /// <c>Σ m / Σ n</c> over the groups with <c>n ≥ 2</c>: the share of repeated calls that gave their input's usual answer.
    /// </summary>
    public static class ConsistencyRatio
    {
        /// <summary>Below this ratio the responses count as inconsistent (alerts, the history's drift marker).</summary>
        public const double DefaultThreshold = 0.9;

        /// <summary>One input's outputs: <c>(m, n)</c> when <c>n ≥ 2</c>, <c>(0, 0)</c> otherwise.</summary>
        public static ConsistencyCount Of(IEnumerable<string> outputHashes)
        {
            if (outputHashes is null) throw new ArgumentNullException(nameof(outputHashes));
            var group = new ConsistencyGroup();
            foreach (var hash in outputHashes)
            {
                if (hash is null) throw new ArgumentException("An output hash is null; leave calls without an output out.", nameof(outputHashes));
                group.Add(hash);
            }

            return group.Count;
        }

        /// <summary>Several inputs' outputs, one sequence per input: the sum of <see cref="Of(IEnumerable{string})"/>.</summary>
        public static ConsistencyCount OfGroups(IEnumerable<IEnumerable<string>> groups)
        {
            if (groups is null) throw new ArgumentNullException(nameof(groups));
            var sum = default(ConsistencyCount);
            foreach (var group in groups) sum += Of(group);
            return sum;
        }

        /// <summary>
        /// True when enough calls were repeated to judge (<paramref name="minimumRepeats"/>) and the ratio is strictly
        /// below <paramref name="threshold"/>.
        /// </summary>
        public static bool IsBelow(ConsistencyCount count, double threshold, int minimumRepeats) =>
            count.Repeated > 0 && count.Repeated >= minimumRepeats && count.Ratio < threshold;
    }
}
