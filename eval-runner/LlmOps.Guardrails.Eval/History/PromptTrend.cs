using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmOps.Guardrails.Eval.History;

/// <summary>One run of one prompt in the trend: the candidate's figures and whether it looks like provider-side drift.</summary>
public sealed record TrendPoint(HistoryEntry Entry, bool Drift);

/// <summary>A prompt's candidate results over the recorded runs, oldest first.</summary>
public sealed record PromptTrend(string PromptId, IReadOnlyList<TrendPoint> Points);

/// <summary>
/// Builds the per-prompt trend and flags drift: the candidate's pass rate dropped from one run to the next while the
/// prompt's hash (and model) stayed the same — nothing in the repository changed, so the provider probably did.
/// </summary>
public static class PromptTrends
{
    private const double Epsilon = 1e-9;

    /// <param name="last">Keep only the last N runs of each prompt (drift is judged on the whole history first).</param>
    public static IReadOnlyList<PromptTrend> Build(IEnumerable<HistoryEntry> entries, int? last = null)
    {
        if (entries is null) throw new ArgumentNullException(nameof(entries));
        return entries
            .Where(e => string.Equals(e.Variant, "candidate", StringComparison.Ordinal))
            .GroupBy(e => e.PromptId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(e => e.RunId).ToList();
                var points = ordered.Select((e, i) => new TrendPoint(e, i > 0 && IsDrift(ordered[i - 1], e))).ToList();
                return new PromptTrend(g.Key, last is int n ? points.Skip(Math.Max(0, points.Count - n)).ToList() : points);
            })
            .ToList();
    }

    public static bool IsDrift(HistoryEntry previous, HistoryEntry current) =>
        previous.PromptHash is not null
        && string.Equals(previous.PromptHash, current.PromptHash, StringComparison.Ordinal)
        && string.Equals(previous.Model, current.Model, StringComparison.Ordinal)
        && current.PassK < previous.PassK - Epsilon;
}
