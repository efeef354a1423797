using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>
/// The pull-request comment / step summary: one headline sentence, the gate (result, exit code, findings, model
/// changes), links to the workflow run and the report artifact, a per-prompt table, per-case diffs in &lt;details&gt;
/// (open when the prompt has a regression, folded otherwise), removed and added cases, judge cost, the build cost
/// report, and a provenance footer. Everything that comes from the repository (prompt and case ids, outputs, reasons,
/// errors, model names, refs, the build cost report) goes through <see cref="ReportText.MarkdownInline"/> or
/// <see cref="ReportText.MarkdownFence"/>: no mention, no HTML, nothing that closes our blocks or forges a verdict.
/// </summary>
public static class MarkdownReport
{
    /// <summary>How many changed cases are shown per prompt before a "… N more" line.</summary>
    public const int DefaultMaxCasesPerPrompt = 10;

    /// <summary>How many characters of an output are shown.</summary>
    public const int MaxOutputChars = 600;

    /// <summary>A marker (invisible in rendered Markdown) that lets the GitHub integration find its sticky comment.</summary>
    public const string CommentMarker = "<!-- llmops-eval-report -->";

    /// <summary>
    /// GitHub refuses comments over 65,536 characters: above this size the per-case diffs are cut further (halving the
    /// cases shown per prompt) until the report fits.
    /// </summary>
    public const int MaxCommentChars = 60_000;

    public static string Render(EvalRun run, string? costReportMarkdown) =>
        Render(run, costReportMarkdown, DefaultMaxCasesPerPrompt);

    public static string Render(EvalRun run, string? costReportMarkdown, int maxCasesPerPrompt) =>
        Render(run, costReportMarkdown, maxCasesPerPrompt, fullReportArtifact: null);

    /// <summary>
    /// Renders within <see cref="MaxCommentChars"/>: first the cases shown per prompt are halved; if that is not
    /// enough, the per-case sections of the last prompts are replaced by one "… N cases omitted" line. The headline,
    /// the gate section and the table are always kept. <paramref name="fullReportArtifact"/> names where the omitted cases can be read
    /// (the CI artifact); without it the notes point at the HTML report and results.json.
    /// </summary>
    public static string Render(EvalRun run, string? costReportMarkdown, int maxCasesPerPrompt, string? fullReportArtifact) =>
        Render(run, costReportMarkdown, maxCasesPerPrompt, fullReportArtifact, links: null);

    /// <inheritdoc cref="Render(EvalRun, string?, int, string?)"/>
    /// <param name="links">The workflow run and report artifact to link under the gate (the PR comment has them; a local report.md does not).</param>
    public static string Render(EvalRun run, string? costReportMarkdown, int maxCasesPerPrompt, string? fullReportArtifact, ReportLinks? links)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (maxCasesPerPrompt < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCasesPerPrompt));
        }

        var where = string.IsNullOrWhiteSpace(fullReportArtifact)
            ? "the HTML report or results.json"
            : "the artifact " + Esc(fullReportArtifact);
        var detailedPrompts = run.Prompts.Count;
        var text = RenderOnce(run, costReportMarkdown, maxCasesPerPrompt, detailedPrompts, where, links);
        while (text.Length > MaxCommentChars && maxCasesPerPrompt > 0)
        {
            maxCasesPerPrompt /= 2;
            text = RenderOnce(run, costReportMarkdown, maxCasesPerPrompt, detailedPrompts, where, links);
        }

        // Removed and added case lists are not capped by maxCasesPerPrompt: drop whole sections from the end.
        while (text.Length > MaxCommentChars && detailedPrompts > 0)
        {
            detailedPrompts--;
            text = RenderOnce(run, costReportMarkdown, maxCasesPerPrompt, detailedPrompts, where, links);
        }

        return text;
    }

    private static string RenderOnce(EvalRun run, string? costReportMarkdown, int maxCasesPerPrompt, int detailedPrompts, string where, ReportLinks? links)
    {
        var md = new StringBuilder();
        md.Append(CommentMarker).Append('\n');
        md.Append("**").Append(ReportText.MarkdownInline(ReportHeadline.For(run))).Append("**\n\n");

        // Right after the headline: the size cut only ever shortens the per-case sections below, never the gate.
        GateSection.Markdown(md, run);
        links?.Markdown(md);

        var prompts = ReportText.OrderedPrompts(run).ToList();
        if (prompts.Count == 0)
        {
            md.Append("No prompts were evaluated.\n\n");
        }
        else
        {
            WriteTable(md, prompts);
            foreach (var prompt in prompts.Take(detailedPrompts))
            {
                WriteCaseDiffs(md, prompt, maxCasesPerPrompt, where);
            }

            var omitted = prompts.Skip(detailedPrompts).Sum(CaseDetailCount);
            if (omitted > 0)
            {
                md.Append("… ").Append(omitted).Append(omitted == 1 ? " case" : " cases")
                    .Append(" omitted; full report in ").Append(where).Append(".\n\n");
            }
        }

        WriteJudgeCost(md, run);

        if (!string.IsNullOrWhiteSpace(costReportMarkdown))
        {
            // The build wrote it, but from the pull request's prompt files: shown as source in a fence no line of it
            // can close, so its text cannot mention anyone, add HTML, close our <details> or pass for our headline.
            md.Append("<details><summary>Build cost report (cost-report.md)</summary>\n\n");
            md.Append(ReportText.MarkdownFence(ReportText.Clean(costReportMarkdown).Trim('\n'), "markdown")).Append("\n</details>\n\n");
        }

        WriteFooter(md, run.Provenance);
        return md.ToString();
    }

    private static void WriteTable(StringBuilder md, List<PromptComparison> prompts)
    {
        md.Append("| prompt | verdict | pass rate | scorers Δ | tokens Δ (in/out) | cost/1k Δ | latency Δ (p50/p95) | model |\n");
        md.Append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var p in prompts)
        {
            var b = p.Baseline;
            var c = p.Candidate;
            var cells = new[]
            {
                Esc(p.PromptId),
                Esc(VerdictCell(p)),
                Esc(PassRateCell(p)),
                Esc(ScorerDeltas(p)),
                Esc(ReportText.Signed(c.MeanInputTokens - b.MeanInputTokens, "0") + " / " + ReportText.Signed(c.MeanOutputTokens - b.MeanOutputTokens, "0")),
                Esc(CostCell(b, c)),
                Esc(ReportText.Signed(c.LatencyP50Ms - b.LatencyP50Ms, "0") + " / " + ReportText.Signed(c.LatencyP95Ms - b.LatencyP95Ms, "0") + " ms"),
                Esc(GateSection.ModelChange(p) ?? "="),
            };
            md.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
        }

        md.Append('\n');
    }

    /// <summary>"90% → 80% (−10 pts)": the variants' pass rates, and the paired delta when there are paired cases.</summary>
    internal static string PassRateCell(PromptComparison p)
    {
        var delta = p.PairedCases > 0 ? p.PairedPassRateDelta : p.Candidate.PassRate - p.Baseline.PassRate;
        var text = ReportText.Percent(p.Baseline.PassRate) + " → " + ReportText.Percent(p.Candidate.PassRate) + " (" + ReportText.Points(delta);
        if (p.PassRateDeltaCiLow is { } low && p.PassRateDeltaCiHigh is { } high)
        {
            text += ", 95% CI " + ReportText.Points(low).Replace(" pts", "", StringComparison.Ordinal) + " to " + ReportText.Points(high);
        }

        text += ")";
        if (p.Baseline.Errored + p.Candidate.Errored > 0)
        {
            // An errored case was not evaluated; say so next to the rate it drags down.
            text += $"; errored {p.Baseline.Errored} → {p.Candidate.Errored}";
        }

        return text;
    }

    internal static string VerdictCell(PromptComparison p)
    {
        var emoji = p.Verdict switch
        {
            PromptVerdict.Regressed => "🔴",
            PromptVerdict.Improved => "🟢",
            PromptVerdict.Inconclusive => "🟡",
            PromptVerdict.Removed => "🗑️",
            _ => "⚪",
        };
        var text = emoji + " " + ReportText.Verdict(p.Verdict);
        if (p.PValue is { } pValue && p.Verdict != PromptVerdict.Removed)
        {
            text += " (p=" + ReportText.Number(pValue, "0.###") + ")";
        }

        if (p.Verdict == PromptVerdict.Removed)
        {
            text += ", prompt file deleted";
        }
        else if (!p.Changed)
        {
            text += ", prompt not edited";
        }

        return text;
    }

    private static string ScorerDeltas(PromptComparison p)
    {
        var parts = new List<string>();
        foreach (var name in ReportText.ScorerNames(p))
        {
            var hasB = p.Baseline.ScorerMeans.TryGetValue(name, out var before);
            var hasC = p.Candidate.ScorerMeans.TryGetValue(name, out var after);
            if (hasB && hasC)
            {
                if (Math.Abs(after - before) >= 0.005)
                {
                    parts.Add(name + " " + ReportText.Signed(after - before, "0.00"));
                }
            }
            else
            {
                parts.Add(name + (hasC ? " new" : " dropped"));
            }
        }

        return parts.Count == 0 ? "=" : string.Join(", ", parts);
    }

    private static string CostCell(VariantSummary b, VariantSummary c)
    {
        if (b.CostPer1kCalls is not { } before || c.CostPer1kCalls is not { } after)
        {
            return "n/a (unpriced)";
        }

        return ReportText.SignedMoney(after - before) + " (" + ReportText.RelativeChange(before, after) + ") → " + ReportText.Money(after);
    }

    private static int CaseDetailCount(PromptComparison p) =>
        ReportText.ChangedOutcomes(p).Count + ReportText.ByChange(p, CaseChange.Removed).Count + ReportText.ByChange(p, CaseChange.Added).Count;

    private static void WriteCaseDiffs(StringBuilder md, PromptComparison p, int max, string where)
    {
        var changed = ReportText.ChangedOutcomes(p);
        var removed = ReportText.ByChange(p, CaseChange.Removed);
        var added = ReportText.ByChange(p, CaseChange.Added);
        if (changed.Count == 0 && removed.Count == 0 && added.Count == 0)
        {
            return;
        }

        var regressions = changed.Count(ReportText.IsRegression);
        // A reviewer should see what broke without a click: regressions open, improvements and other changes folded.
        // Inside an HTML block Markdown escapes are not processed: HTML-escape instead, and still break mentions.
        md.Append(regressions > 0 ? "<details open><summary>" : "<details><summary>").Append(ReportText.Html(ReportText.Clean(p.PromptId, keepNewlines: false)).Replace("@", "@" + ReportText.ZeroWidthJoiner, StringComparison.Ordinal)).Append(": ")
            .Append(changed.Count).Append(" changed outcome").Append(changed.Count == 1 ? "" : "s")
            .Append(" (").Append(regressions).Append(" regressed), ")
            .Append(removed.Count).Append(" removed, ").Append(added.Count).Append(" added</summary>\n\n");

        foreach (var c in changed.Take(max))
        {
            WriteCase(md, c);
        }

        if (changed.Count > max)
        {
            md.Append("… ").Append(changed.Count - max).Append(" more changed outcome")
                .Append(changed.Count - max == 1 ? "" : "s").Append(" not shown; full report in ").Append(where).Append(".\n\n");
        }

        if (removed.Count > 0)
        {
            md.Append("**Removed cases** (a missing case is not a passing case):\n\n");
            foreach (var c in removed)
            {
                md.Append("- ").Append(Esc(c.CaseId)).Append(" (was ").Append(ReportText.Status(c.Baseline?.Status)).Append(" in the baseline)\n");
            }

            md.Append('\n');
        }

        if (added.Count > 0)
        {
            md.Append("**Added cases:**\n\n");
            foreach (var c in added)
            {
                md.Append("- ").Append(Esc(c.CaseId)).Append(": ").Append(ReportText.Status(c.Candidate?.Status)).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("</details>\n\n");
    }

    private static void WriteCase(StringBuilder md, CaseComparison c)
    {
        md.Append("**").Append(Esc(c.CaseId)).Append("**: ")
            .Append(ReportText.Status(c.Baseline?.Status)).Append(" → ").Append(ReportText.Status(c.Candidate?.Status));
        if (c.Change == CaseChange.Changed)
        {
            md.Append(" (case edited)");
        }

        md.Append("\n\n");
        var reasons = ReportText.FailureReasons(c.Candidate).Concat(ReportText.FailureReasons(c.Baseline).Select(r => "baseline " + r)).ToList();
        foreach (var reason in reasons)
        {
            md.Append("- ").Append(Esc(ReportText.Truncate(reason, 300))).Append('\n');
        }

        if (reasons.Count > 0)
        {
            md.Append('\n');
        }

        WriteOutput(md, "Baseline", c.Baseline);
        WriteOutput(md, "Candidate", c.Candidate);
    }

    private static void WriteOutput(StringBuilder md, string label, CaseResult? result)
    {
        if (string.IsNullOrEmpty(result?.Output))
        {
            md.Append(label).Append(" output: none.\n\n");
            return;
        }

        md.Append(label).Append(" output:\n\n").Append(ReportText.MarkdownFence(ReportText.Truncate(ReportText.Clean(result.Output), MaxOutputChars))).Append('\n');
    }

    private static void WriteJudgeCost(StringBuilder md, EvalRun run)
    {
        var total = ReportText.TotalJudgeCost(run);
        if (total == 0 && run.Provenance.JudgeModel is null)
        {
            return;
        }

        var baseline = run.Prompts.Sum(p => p.Baseline.JudgeCost);
        var candidate = run.Prompts.Sum(p => p.Candidate.JudgeCost);
        md.Append(Esc("Judge cost (the cost of running this evaluation, not of the feature): " + ReportText.Money(total)
            + " (baseline " + ReportText.Money(baseline) + ", candidate " + ReportText.Money(candidate) + ")")).Append("\n\n");
    }

    private static void WriteFooter(StringBuilder md, RunProvenance p)
    {
        var parts = new List<string>
        {
            "commit " + ReportText.ShortCommit(p.Commit),
            // The commit the numbers were compared against, as git abbreviates it; the ref only when no commit is known.
            "baseline " + (p.BaselineCommit is null ? p.BaselineRef ?? "n/a" : ReportText.ShortCommit(p.BaselineCommit)),
            "judge " + (p.JudgeModel ?? "none"),
            "prices checked " + (p.CatalogPricesCheckedOn is { } d ? ReportText.Date(d) : "n/a"),
            "mode " + p.Mode,
        };
        if (p.Shard is not null)
        {
            parts.Add("shard " + p.Shard);
        }

        if (p.ToolVersion is not null)
        {
            parts.Add("dotnet-eval " + p.ToolVersion);
        }

        md.Append("<sub>").Append(string.Join(" · ", parts.Select(Esc))).Append("</sub>\n");
    }

    private static string Esc(string? text) => ReportText.MarkdownInline(text);
}
