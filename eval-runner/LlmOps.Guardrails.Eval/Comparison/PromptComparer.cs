using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Comparison;

/// <summary>
/// Pairs a prompt's baseline and candidate case results by case id and decides the verdict.
/// <para>Pairing: same id and fingerprint → Same; same id, other fingerprint → Changed; only in the candidate →
/// Added; only in the baseline → Removed. Cases are listed in ordinal case-id order.</para>
/// <para>Paired analysis (McNemar, delta, bootstrap) runs over Same, Changed and Removed cases. A Removed case
/// counts as a candidate failure ("a missing case is not a passing case"); an errored candidate case is a candidate
/// failure; a case whose baseline errored is left out (there is no baseline outcome to compare with). Added cases
/// have no baseline and are only in the candidate's summary.</para>
/// <para>Verdict, with b = baseline-only passes, c = candidate-only passes, n = paired cases,
/// Δ = (c - b) / n and p = McNemar exact two-sided:
/// n = 0 → Inconclusive; b + c = 0 → Unchanged; p &lt; alpha → Regressed if c &lt; b, Improved if c &gt; b;
/// otherwise Unchanged if n ≥ MinPairsForUnchanged and |Δ| ≤ UnchangedMaxDelta, else Inconclusive.</para>
/// </summary>
public static class PromptComparer
{
    public static PromptComparison Compare(CaseResultSet baseline, CaseResultSet candidate, ComparisonOptions? options = null) =>
        Compare(baseline, candidate, options, removed: false);

    /// <summary>
    /// A prompt whose file was deleted: every baseline case is Removed (a candidate failure in the paired figures, as
    /// for a deleted case), and the verdict is <see cref="PromptVerdict.Removed"/> whatever the statistics say.
    /// </summary>
    public static PromptComparison CompareRemoved(CaseResultSet baseline, ComparisonOptions? options = null)
    {
        if (baseline is null) throw new ArgumentNullException(nameof(baseline));
        var nothing = new CaseResultSet { PromptId = baseline.PromptId, Cases = Array.Empty<CaseRecord>() };
        return Compare(baseline, nothing, options, removed: true);
    }

    private static PromptComparison Compare(CaseResultSet baseline, CaseResultSet candidate, ComparisonOptions? options, bool removed)
    {
        if (baseline is null) throw new ArgumentNullException(nameof(baseline));
        if (candidate is null) throw new ArgumentNullException(nameof(candidate));
        if (!string.Equals(baseline.PromptId, candidate.PromptId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Cannot compare different prompts: baseline '{baseline.PromptId}', candidate '{candidate.PromptId}'.",
                nameof(candidate));
        }

        options ??= ComparisonOptions.Default;
        var baseById = Index(baseline, "baseline");
        var candById = Index(candidate, "candidate");

        var ids = new SortedSet<string>(baseById.Keys, StringComparer.Ordinal);
        ids.UnionWith(candById.Keys);

        var cases = new List<CaseComparison>(ids.Count);
        var differences = new List<int>();
        int b = 0, c = 0;
        foreach (string id in ids)
        {
            baseById.TryGetValue(id, out var br);
            candById.TryGetValue(id, out var cr);
            CaseChange change = br is null ? CaseChange.Added
                : cr is null ? CaseChange.Removed
                : string.Equals(br.Fingerprint, cr.Fingerprint, StringComparison.Ordinal) ? CaseChange.Same
                : CaseChange.Changed;

            cases.Add(new CaseComparison
            {
                CaseId = id,
                Change = change,
                Tags = MergeTags(br?.Tags, cr?.Tags),
                Baseline = br?.Result,
                Candidate = cr?.Result,
            });

            if (br is null) continue; // Added: not paired
            if (br.Result.Status == CaseStatus.Errored) continue; // no baseline outcome to compare against
            bool basePass = VariantSummarizer.Passes(br.Result);
            bool candPass = cr is not null && VariantSummarizer.Passes(cr.Result);
            int d = basePass == candPass ? 0 : candPass ? 1 : -1;
            if (d < 0) b++;
            else if (d > 0) c++;
            differences.Add(d);
        }

        int n = differences.Count;
        double? p = McNemar.ExactPValue(b, c);
        double delta = n == 0 ? 0 : (double)(c - b) / n;
        var verdict = removed ? PromptVerdict.Removed : Decide(n, b, c, p, delta, options);
        var ci = PairedBootstrap.Interval(differences, options.BootstrapResamples, options.BootstrapSeed, options.ConfidenceLevel);

        return new PromptComparison
        {
            PromptId = candidate.PromptId,
            BaselineHash = baseline.PromptHash,
            CandidateHash = candidate.PromptHash,
            BaselineModel = baseline.Model,
            CandidateModel = candidate.Model,
            Changed = !string.Equals(baseline.PromptHash, candidate.PromptHash, StringComparison.Ordinal)
                || !string.Equals(baseline.Model, candidate.Model, StringComparison.Ordinal),
            Tags = MergeTags(baseline.Tags, candidate.Tags),

            // What the pull request ships declares the traffic; a deleted prompt keeps the baseline's figure.
            CallsPerDay = candidate.CallsPerDay ?? baseline.CallsPerDay,
            Cases = cases,
            Baseline = VariantSummarizer.Summarize(baseline.Cases.Select(x => x.Result)),
            Candidate = VariantSummarizer.Summarize(candidate.Cases.Select(x => x.Result)),
            Verdict = verdict,
            PValue = p,
            PairedCases = n,
            BaselineOnlyPassed = b,
            CandidateOnlyPassed = c,
            PairedPassRateDelta = delta,
            PassRateDeltaCiLow = ci?.Low,
            PassRateDeltaCiHigh = ci?.High,
        };
    }

    /// <summary>The verdict rule (see the type's remarks and docs/eval-gate.md).</summary>
    public static PromptVerdict Decide(int pairs, int b, int c, double? pValue, double delta, ComparisonOptions? options = null)
    {
        options ??= ComparisonOptions.Default;
        if (pairs == 0) return PromptVerdict.Inconclusive;
        if (b + c == 0 || pValue is null) return PromptVerdict.Unchanged;
        if (pValue.Value < options.Alpha)
        {
            if (c < b) return PromptVerdict.Regressed;
            if (c > b) return PromptVerdict.Improved;
        }

        return pairs >= options.MinPairsForUnchanged && Math.Abs(delta) <= options.UnchangedMaxDelta
            ? PromptVerdict.Unchanged
            : PromptVerdict.Inconclusive;
    }

    private static Dictionary<string, CaseRecord> Index(CaseResultSet set, string variant)
    {
        var byId = new Dictionary<string, CaseRecord>(StringComparer.Ordinal);
        foreach (var record in set.Cases)
        {
            if (!byId.TryAdd(record.CaseId, record))
            {
                throw new ArgumentException(
                    $"Prompt '{set.PromptId}': case id '{record.CaseId}' appears twice in the {variant} dataset.");
            }
        }

        return byId;
    }

    private static IReadOnlyList<string> MergeTags(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if ((a is null || a.Count == 0) && (b is null || b.Count == 0)) return Array.Empty<string>();
        var set = new SortedSet<string>(StringComparer.Ordinal);
        if (a is not null) set.UnionWith(a);
        if (b is not null) set.UnionWith(b);
        return set.ToArray();
    }
}
