using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Analyzers.Catalog
{
    /// <summary>
    /// "Did you mean": case-insensitive optimal-string-alignment distance with the same threshold as
    /// Core's suggester (one edit for short ids, up to three for long ones), ties to the longest shared prefix.
    /// </summary>
    internal static class TypoDistance
    {
        public static string? Nearest(string query, IEnumerable<string> candidates)
        {
            var limit = Math.Max(1, Math.Min(3, query.Length / 5));
            string? best = null;
            var bestDistance = limit + 1;
            var bestPrefix = -1;
            foreach (var candidate in candidates)
            {
                if (Math.Abs(candidate.Length - query.Length) > limit)
                {
                    continue;
                }

                var distance = Distance(query, candidate);
                var prefix = CommonPrefix(query, candidate);
                if (distance <= limit && (distance < bestDistance || (distance == bestDistance && prefix > bestPrefix)))
                {
                    best = candidate;
                    bestDistance = distance;
                    bestPrefix = prefix;
                }
            }

            return best;
        }

        public static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (var j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                    var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                    {
                        value = Math.Min(value, d[i - 2, j - 2] + 1);
                    }

                    d[i, j] = value;
                }
            }

            return d[a.Length, b.Length];
        }

        private static int CommonPrefix(string a, string b)
        {
            var n = 0;
            while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n]))
            {
                n++;
            }

            return n;
        }
    }
}
