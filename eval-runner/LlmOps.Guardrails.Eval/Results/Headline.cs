using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LlmOps.Guardrails.Eval.Results;

/// <summary>
/// The one-sentence summary of a run that heads the PR comment, e.g.
/// "Cost per 1k calls (mean over prompts) will increase by $0.42 (+18%) 📈; quality unchanged".
/// Wording rules (deterministic; docs/eval-gate.md):
/// <list type="number">
/// <item>Cost: the cost per 1k calls over prompts where both variants have a cost, weighted by each prompt's
/// declared traffic (calls_per_day) when all of them declare it — "Cost per 1k calls (weighted by declared traffic)"
/// — else the plain mean over those prompts — "Cost per 1k calls (mean over prompts)". A change under half a cent
/// reads "unchanged at $X"; otherwise "will increase/decrease by $X (±N%)" with 📈/📉; no percentage when the baseline
/// cost is zero; "unknown" when no prompt has both costs.</item>
/// <item>Quality: "regressed on …" (📉) then "improved on …" (📈), prompts by paired delta (worst first for
/// regressions, best first for improvements) then id, at most three named and "and N more"; deltas in whole
/// points (one decimal under 1 point), minus sign U+2212. Without either: "inconclusive on …" when any prompt is
/// Inconclusive, else "unchanged".</item>
/// <item>Removed cases: "; N cases missing from the candidate" when any (cases of removed prompts not counted).</item>
/// <item>Removed prompts: "; prompt a removed" / "; prompts a, b removed" (at most three named, then "and N more").</item>
/// <item>Errored cases: "; N cases errored (not evaluated)" over both variants (once for an unedited prompt), when any.</item>
/// </list>
/// </summary>
public static class Headline
{
    private const int MaxNamed = 3;

    public static string For(EvalRun run)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        if (run.Prompts.Count == 0) return "No prompts were evaluated";

        string sentence = CostPart(run.Prompts) + "; " + QualityPart(run.Prompts);
        int removed = run.Prompts
            .Where(p => p.Verdict != PromptVerdict.Removed)
            .Sum(p => p.Cases.Count(c => c.Change == CaseChange.Removed));
        if (removed > 0)
        {
            sentence += "; " + removed.ToString(CultureInfo.InvariantCulture)
                + (removed == 1 ? " case" : " cases") + " missing from the candidate";
        }

        var removedPrompts = run.Prompts.Where(p => p.Verdict == PromptVerdict.Removed)
            .OrderBy(p => p.PromptId, StringComparer.Ordinal).ToList();
        if (removedPrompts.Count > 0)
        {
            sentence += "; " + (removedPrompts.Count == 1 ? "prompt " : "prompts ") + Names(removedPrompts, withDelta: false) + " removed";
        }

        // An unedited prompt runs once for both variants: its errored cases count once.
        int errored = run.Prompts.Sum(p => p.Changed ? p.Baseline.Errored + p.Candidate.Errored : p.Candidate.Errored);
        if (errored > 0)
        {
            sentence += "; " + errored.ToString(CultureInfo.InvariantCulture)
                + (errored == 1 ? " case" : " cases") + " errored (not evaluated)";
        }

        return sentence;
    }

    /// <summary>The words the headline puts next to its cost figure, so the figure says how it was averaged.</summary>
    public const string TrafficWeighted = "weighted by declared traffic";

    /// <inheritdoc cref="TrafficWeighted"/>
    public const string MeanOverPrompts = "mean over prompts";

    internal static string CostPart(IReadOnlyList<PromptComparison> prompts)
    {
        var average = CostAverage(prompts);
        if (average is null) return "Cost per 1k calls unknown";
        var (base1k, cand1k, basis) = average.Value;
        string label = "Cost per 1k calls (" + basis + ")";
        decimal delta = cand1k - base1k;
        if (Math.Abs(delta) < 0.005m) return label + " unchanged at " + Usd(cand1k);

        string direction = delta > 0 ? "increase" : "decrease";
        string emoji = delta > 0 ? "📈" : "📉";
        string pct = base1k > 0 ? " (" + SignedPercent((double)(delta / base1k) * 100) + ")" : "";
        return $"{label} will {direction} by {Usd(Math.Abs(delta))}{pct} {emoji}";
    }

    /// <summary>
    /// The baseline and candidate cost per 1k calls the headline states, over the prompts where both variants have a
    /// cost: weighted by each prompt's declared <c>calls_per_day</c> when every one of them declares it (and the total
    /// is not zero), else the plain mean over those prompts. <c>Basis</c> is the matching wording. Null when no prompt
    /// has both costs.
    /// </summary>
    public static (decimal Baseline1k, decimal Candidate1k, string Basis)? CostAverage(IReadOnlyList<PromptComparison> prompts)
    {
        if (prompts is null) throw new ArgumentNullException(nameof(prompts));
        var priced = prompts.Where(p => p.Baseline.CostPerCall is not null && p.Candidate.CostPerCall is not null).ToList();
        if (priced.Count == 0) return null;

        // Mixing declared and undeclared traffic would give the undeclared prompts an invented weight: all or none.
        bool byTraffic = priced.All(p => p.CallsPerDay is not null) && priced.Sum(p => p.CallsPerDay!.Value) > 0;
        decimal weightSum = 0, baseSum = 0, candSum = 0;
        foreach (var p in priced)
        {
            decimal w = byTraffic ? p.CallsPerDay!.Value : 1m;
            weightSum += w;
            baseSum += w * p.Baseline.CostPerCall!.Value;
            candSum += w * p.Candidate.CostPerCall!.Value;
        }

        return (baseSum / weightSum * 1000m, candSum / weightSum * 1000m, byTraffic ? TrafficWeighted : MeanOverPrompts);
    }

    internal static string QualityPart(IReadOnlyList<PromptComparison> prompts)
    {
        var regressed = prompts.Where(p => p.Verdict == PromptVerdict.Regressed)
            .OrderBy(p => p.PairedPassRateDelta).ThenBy(p => p.PromptId, StringComparer.Ordinal).ToList();
        var improved = prompts.Where(p => p.Verdict == PromptVerdict.Improved)
            .OrderByDescending(p => p.PairedPassRateDelta).ThenBy(p => p.PromptId, StringComparer.Ordinal).ToList();

        var parts = new List<string>();
        if (regressed.Count > 0) parts.Add("regressed on " + Names(regressed, withDelta: true) + " 📉");
        if (improved.Count > 0) parts.Add("improved on " + Names(improved, withDelta: true) + " 📈");
        if (parts.Count > 0) return "quality " + string.Join(", ", parts);

        var inconclusive = prompts.Where(p => p.Verdict == PromptVerdict.Inconclusive)
            .OrderBy(p => p.PromptId, StringComparer.Ordinal).ToList();
        if (inconclusive.Count > 0) return "quality inconclusive on " + Names(inconclusive, withDelta: false);
        return "quality unchanged";
    }

    private static string Names(List<PromptComparison> prompts, bool withDelta)
    {
        var named = prompts.Take(MaxNamed)
            .Select(p => withDelta ? $"{p.PromptId} ({Points(p.PairedPassRateDelta * 100)})" : p.PromptId);
        string list = string.Join(", ", named);
        if (prompts.Count > MaxNamed)
        {
            list += " and " + (prompts.Count - MaxNamed).ToString(CultureInfo.InvariantCulture) + " more";
        }

        return list;
    }

    internal static string Points(double points)
    {
        double abs = Math.Abs(points);
        string magnitude = abs >= 1 || abs == 0
            ? Math.Round(abs, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture)
            : abs.ToString("0.0", CultureInfo.InvariantCulture);
        return (points < 0 ? "\u2212" : "+") + magnitude + " pts";
    }

    internal static string SignedPercent(double percent)
    {
        double abs = Math.Abs(percent);
        string sign = percent < 0 ? "\u2212" : "+";
        string magnitude = abs < 1
            ? "<1"
            : Math.Round(abs, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture);
        return sign + magnitude + "%";
    }

    internal static string Usd(decimal amount) =>
        "$" + Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", CultureInfo.InvariantCulture);
}
