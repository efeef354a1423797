using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>Shard results that cannot be merged: from different runs, or a shard missing or given twice.</summary>
public sealed class ShardMergeException : Exception
{
    public ShardMergeException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Recombines the results of <c>compare --shard i/n</c> runs into the run an unsharded compare would have produced:
/// each prompt's case sets are the union of the shards' (shards partition the cases), and the comparisons, verdicts
/// and summaries are computed again by <see cref="PromptComparer"/> over the whole set.
/// </summary>
public static class ShardMerger
{
    public static EvalRun Merge(IReadOnlyList<EvalRun> shards)
    {
        if (shards is null) throw new ArgumentNullException(nameof(shards));
        CheckTheyBelongTogether(shards);

        // Every shard plans every prompt (in the same order), so the first shard's order is the unsharded order.
        var order = new List<string>();
        var parts = new Dictionary<string, List<PromptComparison>>(StringComparer.Ordinal);
        foreach (var prompt in shards.SelectMany(s => s.Prompts))
        {
            if (!parts.TryGetValue(prompt.PromptId, out var list))
            {
                parts[prompt.PromptId] = list = new List<PromptComparison>();
                order.Add(prompt.PromptId);
            }

            list.Add(prompt);
        }

        var provenance = shards.Select(s => s.Provenance).ToList();
        return new EvalRun
        {
            Provenance = new RunProvenance
            {
                StartedAt = provenance.Min(p => p.StartedAt),
                FinishedAt = provenance.Max(p => p.FinishedAt),
                Commit = provenance[0].Commit,
                BaselineRef = provenance[0].BaselineRef,
                BaselineCommit = provenance[0].BaselineCommit,
                JudgeModel = provenance.Select(p => p.JudgeModel).FirstOrDefault(m => m is not null),
                CatalogPricesCheckedOn = provenance.Max(p => p.CatalogPricesCheckedOn),
                Mode = provenance.Select(p => p.Mode).Distinct(StringComparer.Ordinal).Count() == 1 ? provenance[0].Mode : "mixed",
                ToolVersion = provenance[0].ToolVersion,
                ConfigHash = provenance[0].ConfigHash,
                // The shards of one suite run as jobs of one workflow run; the merge belongs to that run.
                RunId = provenance[0].RunId,
                RunAttempt = provenance[0].RunAttempt,
                PullRequest = provenance[0].PullRequest,
            },
            Prompts = order.Select(id => Recombine(parts[id])).ToList(),
        };
    }

    private static void CheckTheyBelongTogether(IReadOnlyList<EvalRun> shards)
    {
        if (shards.Count == 0) throw new ShardMergeException("no shard results to merge.");
        var parsed = new List<ShardSpec>();
        foreach (var run in shards)
        {
            if (run.Provenance.Shard is null) throw new ShardMergeException("a results.json to merge is not from a --shard run (its provenance has no shard).");
            if (!ShardSpec.TryParse(run.Provenance.Shard, out var spec, out string? error)) throw new ShardMergeException($"invalid shard in provenance: {error}");
            parsed.Add(spec!);
        }

        Same(shards, p => p.BaselineCommit, "baseline commit");
        Same(shards, p => p.Commit, "commit");
        Same(shards, p => p.ConfigHash, "eval config (hash)");
        int count = parsed[0].Count;
        if (parsed.Any(s => s.Count != count))
        {
            throw new ShardMergeException($"the shards disagree on the shard count: {string.Join(", ", parsed.Select(s => s.ToString()))}.");
        }

        var duplicates = parsed.GroupBy(s => s.Index).Where(g => g.Count() > 1).Select(g => g.Key + "/" + count).ToList();
        if (duplicates.Count > 0) throw new ShardMergeException($"shard {string.Join(", ", duplicates)} given more than once.");
        var missing = Enumerable.Range(1, count).Except(parsed.Select(s => s.Index)).Select(i => i + "/" + count).ToList();
        if (missing.Count > 0) throw new ShardMergeException($"shard {string.Join(", ", missing)} missing: every shard 1..{count} is needed.");
    }

    private static void Same(IReadOnlyList<EvalRun> shards, Func<RunProvenance, string?> value, string what)
    {
        var distinct = shards.Select(s => value(s.Provenance)).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            throw new ShardMergeException($"the shards come from different runs: {what} differs ({string.Join(", ", distinct.Select(v => v ?? "none"))}).");
        }
    }

    private static PromptComparison Recombine(List<PromptComparison> parts)
    {
        var first = parts[0];
        var cases = parts.SelectMany(p => p.Cases).ToList();
        var baseline = new CaseResultSet
        {
            PromptId = first.PromptId,
            PromptHash = first.BaselineHash,
            Model = first.BaselineModel,
            CallsPerDay = first.CallsPerDay,
            Cases = cases.Where(c => c.Baseline is not null).Select(c => Record(c, c.Baseline!, isCandidate: false)).ToList(),
        };
        if (parts.Any(p => p.Verdict == PromptVerdict.Removed)) return PromptComparer.CompareRemoved(baseline);

        var candidate = new CaseResultSet
        {
            PromptId = first.PromptId,
            PromptHash = first.CandidateHash,
            Model = first.CandidateModel,
            CallsPerDay = first.CallsPerDay,
            Tags = first.Tags,
            Cases = cases.Where(c => c.Candidate is not null).Select(c => Record(c, c.Candidate!, isCandidate: true)).ToList(),
        };
        return PromptComparer.Compare(baseline, candidate);
    }

    /// <summary>
    /// results.json keeps each case's change, not its fingerprints; fingerprints that are equal exactly when the case
    /// was Same make the comparer pair it as the shard did.
    /// </summary>
    private static CaseRecord Record(CaseComparison c, CaseResult result, bool isCandidate) =>
        new(c.CaseId, isCandidate && c.Change == CaseChange.Changed ? "changed" : "same", result, c.Tags);
}
