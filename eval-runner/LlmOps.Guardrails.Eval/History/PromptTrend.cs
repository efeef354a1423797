using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Core.Consistency;

namespace LlmOps.Guardrails.Eval.History;

/// <summary>
/// One run of one prompt in the trend: the candidate's figures, the consistency of its outputs with the previous run's
/// (same prompt hash and model; null when there is no such run or either kept no outputs), and whether it looks like
/// provider-side drift.
/// </summary>
public sealed record TrendPoint(HistoryEntry Entry, bool Drift, ConsistencyCount? Consistency = null);

/// <summary>A model's consistency over the runs of a trend: outputs of the same case on the same prompt hash, across runs.</summary>
public sealed record ModelConsistency(string? Model, ConsistencyCount Count);

/// <summary>A prompt's candidate results over the recorded runs, oldest first, and its consistency per model over those runs.</summary>
public sealed record PromptTrend(string PromptId, IReadOnlyList<TrendPoint> Points, IReadOnlyList<ModelConsistency> Consistency);

/// <summary>
/// Builds the per-prompt trend and flags drift: the prompt's hash and model stayed the same as in the previous run —
/// nothing in the repository changed — yet the outputs did: the consistency ratio (<see cref="ConsistencyRatio"/>, the
/// runtime signal's definition, each case being one input) of the two runs' outputs is below
/// <see cref="ConsistencyRatio.DefaultThreshold"/>. Runs stored before the history kept outputs fall back to the
/// earlier rule: the candidate's pass rate dropped.
/// </summary>
public static class PromptTrends
{
    /// <summary>Repeated outputs needed to judge: one case answered in both runs.</summary>
    public const int MinimumRepeats = 2;

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
                var points = ordered
                    .Select((e, i) => i > 0 && SameSetup(ordered[i - 1], e)
                        ? new TrendPoint(e, IsDrift(ordered[i - 1], e), Between(ordered[i - 1], e))
                        : new TrendPoint(e, false))
                    .ToList();
                var shown = last is int n ? points.Skip(Math.Max(0, points.Count - n)).ToList() : points;
                return new PromptTrend(g.Key, shown, AcrossRuns(shown.Select(p => p.Entry)));
            })
            .ToList();
    }

    public static bool IsDrift(HistoryEntry previous, HistoryEntry current)
    {
        if (!SameSetup(previous, current)) return false;
        if (Between(previous, current) is { } count) return ConsistencyRatio.IsBelow(count, ConsistencyRatio.DefaultThreshold, MinimumRepeats);
        return current.PassK < previous.PassK - Epsilon;
    }

    /// <summary>The two runs' outputs, one group per case; null when either run kept no outputs.</summary>
    public static ConsistencyCount? Between(HistoryEntry previous, HistoryEntry current)
    {
        if (previous.OutputHashes.Count == 0 || current.OutputHashes.Count == 0) return null;
        return ConsistencyRatio.OfGroups(previous.OutputHashes
            .Where(pair => current.OutputHashes.ContainsKey(pair.Key))
            .Select(pair => new[] { pair.Value, current.OutputHashes[pair.Key] }));
    }

    /// <summary>Per model, every run's outputs grouped by (prompt hash, case id): the same input answered again and again.</summary>
    public static IReadOnlyList<ModelConsistency> AcrossRuns(IEnumerable<HistoryEntry> runs) =>
        runs
            .Where(e => e.PromptHash is not null)
            .GroupBy(e => e.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(model => new ModelConsistency(
                model.Key,
                ConsistencyRatio.OfGroups(model
                    .SelectMany(e => e.OutputHashes.Select(pair => (Input: e.PromptHash + "\u001f" + pair.Key, Output: pair.Value)))
                    .GroupBy(o => o.Input, StringComparer.Ordinal)
                    .Select(input => input.Select(o => o.Output)))))
            .ToList();

    private static bool SameSetup(HistoryEntry previous, HistoryEntry current) =>
        previous.PromptHash is not null
        && string.Equals(previous.PromptHash, current.PromptHash, StringComparison.Ordinal)
        && string.Equals(previous.Model, current.Model, StringComparison.Ordinal);
}
