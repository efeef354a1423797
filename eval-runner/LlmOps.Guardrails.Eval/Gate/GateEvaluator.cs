using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Gate;

/// <summary>
/// Applies a <see cref="GatePolicy"/> to an <see cref="EvalRun"/>. Exit code from the fail-level findings only
/// (warnings never change it; off-level rules are not checked): any Errored → 3; else any Quality → 1;
/// else any CostOrLatency → 2; else 0. A removed prompt (<see cref="PromptVerdict.Removed"/>) only gives a warning.
/// </summary>
public static class GateEvaluator
{
    private const double Epsilon = 1e-9;

    /// <summary>The warning-only finding for a prompt present at the baseline and deleted in the candidate.</summary>
    public const string RemovedPromptRule = "prompt_removed";

    public static GateOutcome Evaluate(EvalRun run, GatePolicy? policy = null)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        policy ??= new GatePolicy();
        var findings = new List<GateFinding>();
        foreach (var prompt in run.Prompts)
        {
            if (prompt.Verdict == PromptVerdict.Removed)
            {
                // Deleting a prompt file is a deliberate change, not a quality drop: say so, never fail on it.
                findings.Add(new GateFinding
                {
                    Level = GateLevel.Warn,
                    PromptId = prompt.PromptId,
                    Rule = RemovedPromptRule,
                    Category = GateCategory.Quality,
                    Metric = "prompt file",
                    BaselineValue = F($"{prompt.Baseline.Cases} cases"),
                    CandidateValue = "removed",
                    Budget = "warning only",
                    Message = F($"{prompt.PromptId}: the prompt file was removed; its {prompt.Baseline.Cases} baseline cases have no candidate."),
                });
                continue;
            }

            CheckPrompt(prompt, policy.Resolve(prompt.PromptId), findings);

            var caseTags = new SortedSet<string>(prompt.Cases.SelectMany(c => c.Tags), StringComparer.Ordinal);
            foreach (string tag in caseTags)
            {
                if (policy.ResolveTag(prompt.PromptId, tag) is { } tagRules)
                {
                    CheckTag(prompt, tag, tagRules, findings);
                }
            }
        }

        return new GateOutcome { ExitCode = ExitCodeFor(findings), Findings = findings };
    }

    /// <summary>The exit code a set of findings leads to.</summary>
    public static int ExitCodeFor(IEnumerable<GateFinding> findings)
    {
        if (findings is null) throw new ArgumentNullException(nameof(findings));
        bool errored = false, quality = false, cost = false;
        foreach (var f in findings)
        {
            if (f.Level != GateLevel.Fail) continue;
            switch (f.Category)
            {
                case GateCategory.Errored: errored = true; break;
                case GateCategory.Quality: quality = true; break;
                case GateCategory.CostOrLatency: cost = true; break;
            }
        }

        return errored ? ExitCodes.CouldNotRun
            : quality ? ExitCodes.QualityGate
            : cost ? ExitCodes.CostOrLatencyGate
            : ExitCodes.Success;
    }

    private static bool On(GateLevel? level) => (level ?? GateLevel.Fail) != GateLevel.Off;

    private static void CheckPrompt(PromptComparison p, GateRules rules, List<GateFinding> findings)
    {
        string id = p.PromptId;

        // (metric, baseline value, candidate value, budget) are what every report's findings table shows.
        void Add(string rule, GateCategory category, GateLevel? level, double? actual, double? limit, (string Metric, string? Baseline, string Candidate, string Budget) shown, string message) =>
            findings.Add(new GateFinding
            {
                Level = level ?? GateLevel.Fail,
                PromptId = id,
                Rule = rule,
                Category = category,
                Actual = actual,
                Limit = limit,
                Metric = shown.Metric,
                BaselineValue = shown.Baseline,
                CandidateValue = shown.Candidate,
                Budget = shown.Budget,
                Message = message,
            });

        string baseRate = Pct(p.Baseline.PassRate * 100), candRate = Pct(p.Candidate.PassRate * 100);

        // 1. Errored cases (either variant): the comparison itself is not trustworthy.
        if (rules.MaxErroredRate is double maxErrored && On(rules.ErroredLevel))
        {
            foreach (var (name, summary) in new[] { ("baseline", p.Baseline), ("candidate", p.Candidate) })
            {
                if (summary.Cases == 0 || summary.Errored == 0) continue;
                double rate = (double)summary.Errored / summary.Cases;
                if (rate > maxErrored + Epsilon)
                {
                    Add("max_errored_rate", GateCategory.Errored, rules.ErroredLevel, rate, maxErrored,
                        ("errored cases", Pct(ErroredRate(p.Baseline) * 100), Pct(ErroredRate(p.Candidate) * 100), "at most " + Pct(maxErrored * 100)), F(
                        $"{id}: {summary.Errored} of {summary.Cases} {name} cases errored ({Pct(rate * 100)}), limit {Pct(maxErrored * 100)}."));
                }
            }
        }

        // 2. Quality.
        if (On(rules.QualityLevel))
        {
            if (rules.MinPassRate is double floor && p.Candidate.PassRate < floor - Epsilon)
            {
                Add("min_pass_rate", GateCategory.Quality, rules.QualityLevel, p.Candidate.PassRate, floor,
                    ("pass rate", baseRate, candRate, "at least " + Pct(floor * 100)), F(
                    $"{id}: candidate pass rate {Pct(p.Candidate.PassRate * 100)} is below the floor {Pct(floor * 100)}."));
            }

            if (rules.FailOnRegression == true && p.Verdict == PromptVerdict.Regressed)
            {
                Add("fail_on_regression", GateCategory.Quality, rules.QualityLevel, p.PairedPassRateDelta * 100, null,
                    ("pass rate", baseRate, F($"{candRate} ({Pts(p.PairedPassRateDelta * 100)}, p = {P(p.PValue)})"), "no significant regression"), F(
                    $"{id}: quality regressed significantly ({Pts(p.PairedPassRateDelta * 100)}, McNemar p = {P(p.PValue)})."));
            }

            if (rules.MaxQualityDropPoints is double maxDrop && p.PairedCases > 0)
            {
                double drop = -p.PairedPassRateDelta * 100;
                if (drop > maxDrop + Epsilon)
                {
                    Add("max_quality_drop", GateCategory.Quality, rules.QualityLevel, drop, maxDrop,
                        ("pass rate", baseRate, F($"{candRate} ({Pts(-drop)} paired)"), F($"drop at most {Num(maxDrop)} pts")), F(
                        $"{id}: pass rate dropped by {Num(drop)} pts over {p.PairedCases} paired cases, budget {Num(maxDrop)} pts."));
                }
            }
        }

        // 3. Cost and latency.
        if (rules.MaxCostIncreasePercent is double maxCost && On(rules.CostLevel)
            && p.Baseline.CostPerCall is decimal bc && p.Candidate.CostPerCall is decimal cc)
        {
            if (bc > 0)
            {
                double pct = (double)((cc - bc) / bc) * 100;
                if (pct > maxCost + Epsilon)
                {
                    Add("max_cost_increase_pct", GateCategory.CostOrLatency, rules.CostLevel, pct, maxCost,
                        ("cost per 1k calls", Usd(bc * 1000m), F($"{Usd(cc * 1000m)} ({Signed(pct)}%)"), F($"+{Num(maxCost)}%")), F(
                        $"{id}: cost per 1k calls rises from {Usd(bc * 1000m)} to {Usd(cc * 1000m)} ({Signed(pct)}%), budget +{Num(maxCost)}%."));
                }
            }
            else if (cc > 0)
            {
                Add("max_cost_increase_pct", GateCategory.CostOrLatency, rules.CostLevel, null, maxCost,
                    ("cost per 1k calls", "$0", Usd(cc * 1000m), F($"+{Num(maxCost)}%")), F(
                    $"{id}: cost per 1k calls rises from $0 to {Usd(cc * 1000m)}, budget +{Num(maxCost)}%."));
            }
        }

        if (rules.MaxP95LatencyIncreasePercent is double maxLatency && On(rules.LatencyLevel) && p.Baseline.LatencyP95Ms > 0)
        {
            double pct = (p.Candidate.LatencyP95Ms - p.Baseline.LatencyP95Ms) / p.Baseline.LatencyP95Ms * 100;
            if (pct > maxLatency + Epsilon)
            {
                Add("max_p95_latency_increase_pct", GateCategory.CostOrLatency, rules.LatencyLevel, pct, maxLatency,
                    ("p95 latency", F($"{Num(p.Baseline.LatencyP95Ms)} ms"), F($"{Num(p.Candidate.LatencyP95Ms)} ms ({Signed(pct)}%)"), F($"+{Num(maxLatency)}%")), F(
                    $"{id}: p95 latency rises from {Num(p.Baseline.LatencyP95Ms)} ms to {Num(p.Candidate.LatencyP95Ms)} ms ({Signed(pct)}%), budget +{Num(maxLatency)}%."));
            }
        }
    }

    /// <summary>min_pass_rate and max_quality_drop on the cases carrying one tag (paired like the prompt: removed = candidate failure).</summary>
    private static void CheckTag(PromptComparison p, string tag, GateRules rules, List<GateFinding> findings)
    {
        if (!On(rules.QualityLevel)) return;
        var tagged = p.Cases.Where(c => c.Tags.Contains(tag, StringComparer.Ordinal)).ToList();
        string where = F($"{p.PromptId} [tag {tag}]");

        void Add(string rule, double actual, double limit, string? baseline, string candidate, string budget, string message) =>
            findings.Add(new GateFinding
            {
                Level = rules.QualityLevel ?? GateLevel.Fail,
                PromptId = p.PromptId,
                Tag = tag,
                Rule = rule,
                Category = GateCategory.Quality,
                Actual = actual,
                Limit = limit,
                Metric = F($"pass rate [tag {tag}]"),
                BaselineValue = baseline,
                CandidateValue = candidate,
                Budget = budget,
                Message = message,
            });

        var baselineResults = tagged.Where(c => c.Baseline is not null).Select(c => c.Baseline!).ToList();
        string? baseRate = baselineResults.Count == 0 ? null : Pct((double)baselineResults.Count(VariantSummarizer.Passes) / baselineResults.Count * 100);

        var candidateResults = tagged.Where(c => c.Candidate is not null).Select(c => c.Candidate!).ToList();
        if (rules.MinPassRate is double floor && candidateResults.Count > 0)
        {
            double rate = (double)candidateResults.Count(VariantSummarizer.Passes) / candidateResults.Count;
            if (rate < floor - Epsilon)
            {
                Add("min_pass_rate", rate, floor, baseRate, Pct(rate * 100), "at least " + Pct(floor * 100), F(
                    $"{where}: candidate pass rate {Pct(rate * 100)} over {candidateResults.Count} cases is below the floor {Pct(floor * 100)}."));
            }
        }

        var paired = tagged.Where(c => c.Baseline is not null && c.Baseline.Status != CaseStatus.Errored).ToList();
        if (rules.MaxQualityDropPoints is double maxDrop && paired.Count > 0)
        {
            int b = 0, c = 0;
            foreach (var pair in paired)
            {
                bool basePass = VariantSummarizer.Passes(pair.Baseline!);
                bool candPass = pair.Candidate is not null && VariantSummarizer.Passes(pair.Candidate);
                if (basePass && !candPass) b++;
                else if (candPass && !basePass) c++;
            }

            double drop = (double)(b - c) / paired.Count * 100;
            if (drop > maxDrop + Epsilon)
            {
                Add("max_quality_drop", drop, maxDrop, baseRate, F($"{Pct((double)candidateResults.Count(VariantSummarizer.Passes) / Math.Max(1, candidateResults.Count) * 100)} ({Pts(-drop)} paired)"), F($"drop at most {Num(maxDrop)} pts"), F(
                    $"{where}: pass rate dropped by {Num(drop)} pts over {paired.Count} paired cases, budget {Num(maxDrop)} pts."));
            }
        }
    }

    private static double ErroredRate(VariantSummary s) => s.Cases == 0 ? 0 : (double)s.Errored / s.Cases;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Pct(double v) => Num(v) + "%";

    private static string Signed(double v) => (v >= 0 ? "+" : "") + Num(v);

    private static string Pts(double v) => (v >= 0 ? "+" : "\u2212") + Num(Math.Abs(v)) + " pts";

    private static string P(double? p) => p is double v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";

    private static string Usd(decimal v) => "$" + v.ToString("0.00##", CultureInfo.InvariantCulture);
}
