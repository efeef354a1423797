using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Runtime.Signals;

namespace LlmOps.Guardrails.Eval.History;

/// <summary>Turns a run into the rows history.db keeps: one per prompt and variant that has a prompt file.</summary>
public static class HistoryEntries
{
    public static IReadOnlyList<HistoryEntry> From(EvalRun run, string source)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        var entries = new List<HistoryEntry>();
        foreach (var prompt in run.Prompts)
        {
            foreach (var variant in new[] { Variant.Baseline, Variant.Candidate })
            {
                bool isBaseline = variant == Variant.Baseline;
                string? hash = isBaseline ? prompt.BaselineHash : prompt.CandidateHash;
                var summary = isBaseline ? prompt.Baseline : prompt.Candidate;

                // A new prompt has no baseline and a removed one no candidate: nothing was measured there.
                if (hash is null && summary.Cases == 0) continue;
                var results = prompt.Cases.Select(c => isBaseline ? c.Baseline : c.Candidate).OfType<CaseResult>().ToList();
                entries.Add(new HistoryEntry
                {
                    RunId = 0,
                    StartedAt = run.Provenance.StartedAt,
                    Commit = run.Provenance.Commit,
                    BaselineRef = run.Provenance.BaselineRef,
                    Mode = run.Provenance.Mode,
                    Source = source,
                    PromptId = prompt.PromptId,
                    Variant = isBaseline ? "baseline" : "candidate",
                    Model = isBaseline ? prompt.BaselineModel : prompt.CandidateModel,
                    PromptHash = hash,
                    Cases = summary.Cases,
                    Repeats = summary.Repeats,
                    PassRate = PerRunPassRate(results),
                    PassK = summary.PassRate,
                    Errored = summary.Errored,
                    CostPer1kCalls = summary.CostPer1kCalls,
                    MeanInputTokens = summary.MeanInputTokens,
                    MeanOutputTokens = summary.MeanOutputTokens,
                    LatencyP50Ms = summary.LatencyP50Ms,
                    LatencyP95Ms = summary.LatencyP95Ms,
                    Verdict = ToCamelCase(prompt.Verdict.ToString()),
                    OutputHashes = OutputHashes(prompt.Cases, isBaseline),
                });
            }
        }

        return entries;
    }

    /// <summary>Case id → output hash of the cases that answered (an errored case's output is no answer).</summary>
    private static IReadOnlyDictionary<string, string> OutputHashes(IReadOnlyList<CaseComparison> cases, bool isBaseline)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var comparison in cases)
        {
            var result = isBaseline ? comparison.Baseline : comparison.Candidate;
            if (result is { Output: { } output } && result.Status != CaseStatus.Errored)
            {
                hashes[comparison.CaseId] = CallContentHash.OfText(output);
            }
        }

        return hashes;
    }

    /// <summary>Each repeat counted on its own; an errored case is one failed run.</summary>
    private static double PerRunPassRate(IReadOnlyList<CaseResult> results)
    {
        int runs = 0, passed = 0;
        foreach (var result in results)
        {
            if (result.Status == CaseStatus.Errored)
            {
                runs++;
                continue;
            }

            if (result.RepeatPassed.Count == 0)
            {
                runs++;
                if (result.Status == CaseStatus.Passed) passed++;
                continue;
            }

            runs += result.RepeatPassed.Count;
            passed += result.RepeatPassed.Count(p => p);
        }

        return runs == 0 ? 0 : (double)passed / runs;
    }

    private static string ToCamelCase(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
}
