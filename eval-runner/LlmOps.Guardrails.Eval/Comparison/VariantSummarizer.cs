using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Comparison;

/// <summary>
/// Aggregates one variant's case results into a <see cref="VariantSummary"/>. Rules (docs/eval-gate.md):
/// a case passes only if its status is Passed and every repeat passed (pass^k); errored cases never pass;
/// tokens and cost are per call (a case's totals divided by its repeat count), over non-errored cases;
/// latency percentiles are nearest-rank over non-errored cases; judge cost is summed apart.
/// </summary>
public static class VariantSummarizer
{
    /// <summary>True when the case counts as passed: status Passed and all k repeats passed.</summary>
    public static bool Passes(CaseResult result)
    {
        if (result is null) throw new ArgumentNullException(nameof(result));
        if (result.Status != CaseStatus.Passed) return false;
        foreach (bool repeat in result.RepeatPassed)
        {
            if (!repeat) return false;
        }

        return true;
    }

    public static VariantSummary Summarize(IEnumerable<CaseResult> results)
    {
        if (results is null) throw new ArgumentNullException(nameof(results));
        var list = results.ToList();
        int passed = 0, errored = 0, repeats = 1;
        double inputTokens = 0, outputTokens = 0, calls = 0;
        decimal cost = 0m, judgeCost = 0m;
        double costCalls = 0;
        var latencies = new List<double>();
        var scoreSums = new SortedDictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);

        foreach (var r in list)
        {
            judgeCost += r.JudgeCost;
            repeats = Math.Max(repeats, r.RepeatPassed.Count);
            if (r.Status == CaseStatus.Errored)
            {
                errored++;
                continue;
            }

            if (Passes(r)) passed++;
            int k = Math.Max(1, r.RepeatPassed.Count);
            calls += k;
            inputTokens += r.InputTokens;
            outputTokens += r.OutputTokens;
            if (r.Cost is decimal c)
            {
                cost += c;
                costCalls += k;
            }

            latencies.Add(r.LatencyMs);
            foreach (var s in r.Scores)
            {
                if (s.Errored) continue;
                scoreSums.TryGetValue(s.Scorer, out var acc);
                scoreSums[s.Scorer] = (acc.Sum + s.Score, acc.Count + 1);
            }
        }

        latencies.Sort();
        var means = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var kv in scoreSums) means[kv.Key] = kv.Value.Sum / kv.Value.Count;

        return new VariantSummary
        {
            Cases = list.Count,
            Passed = passed,
            Errored = errored,
            Failed = list.Count - passed - errored,
            PassRate = list.Count == 0 ? 0 : (double)passed / list.Count,
            Repeats = repeats,
            ScorerMeans = means,
            MeanInputTokens = calls == 0 ? 0 : inputTokens / calls,
            MeanOutputTokens = calls == 0 ? 0 : outputTokens / calls,
            CostPerCall = costCalls == 0 ? null : cost / (decimal)costCalls,
            JudgeCost = judgeCost,
            LatencyP50Ms = NearestRank(latencies, 50),
            LatencyP95Ms = NearestRank(latencies, 95),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values: the value at rank ceil(p/100 * N) (1-based); 0 when empty.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted is null) throw new ArgumentNullException(nameof(sorted));
        if (percentile <= 0 || percentile > 100) throw new ArgumentOutOfRangeException(nameof(percentile));
        if (sorted.Count == 0) return 0;
        int rank = (int)Math.Ceiling(percentile * sorted.Count / 100.0);
        rank = Math.Min(Math.Max(rank, 1), sorted.Count);
        return sorted[rank - 1];
    }
}
