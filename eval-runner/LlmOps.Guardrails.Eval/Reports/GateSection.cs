using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>
/// The gate as every report shows it: the overall result, what the exit code means, and one row per finding (level,
/// prompt, metric, baseline → candidate, budget), rendered from <see cref="EvalRun.Gate"/> — the same finding objects
/// compare and merge print — so no report can drop or reword one. A run without a gate (not judged) renders nothing.
/// </summary>
internal static class GateSection
{
    public static string Result(GateResult result) => result switch
    {
        GateResult.Pass => "pass",
        GateResult.Warn => "warn",
        GateResult.Fail => "fail",
        _ => "could not run",
    };

    public static string Level(GateLevel level) => level switch
    {
        GateLevel.Fail => "fail",
        GateLevel.Warn => "warn",
        _ => "off",
    };

    /// <summary>"Gate: warn · exit code 0: … · 3 warnings, 0 failures[ · could not run: …]".</summary>
    public static string Summary(GateOutcome gate)
    {
        int fail = gate.Count(GateLevel.Fail), warn = gate.Count(GateLevel.Warn);
        var text = "Gate: " + Result(gate.Result) + " · exit code " + gate.ExitCodeMeaning + " · "
            + Plural(fail, "failure") + ", " + Plural(warn, "warning");
        return gate.CouldNotRunReason is { } reason ? text + " · could not run: " + reason : text;
    }

    /// <summary>The metric, with the tag for a per-tag finding and the rule key CI configs use.</summary>
    public static string Check(GateFinding f) => (f.Metric ?? f.Rule) + " (" + f.Rule + ")";

    public static string Values(GateFinding f) => (f.BaselineValue ?? "–") + " → " + (f.CandidateValue ?? "–");

    /// <summary>"baseline model → candidate model" when the model changed between the variants; null otherwise.</summary>
    public static string? ModelChange(PromptComparison p) =>
        p.BaselineModel is { } before && p.CandidateModel is { } after && !string.Equals(before, after, StringComparison.Ordinal)
            ? before + " → " + after
            : null;

    public static void Markdown(StringBuilder md, EvalRun run)
    {
        if (run.Gate is not { } gate) return;
        md.Append("**").Append(Md(Icon(gate.Result) + " " + Summary(gate))).Append("**\n\n");
        if (gate.Findings.Count > 0)
        {
            md.Append("| level | prompt | check | baseline → candidate | budget |\n| --- | --- | --- | --- | --- |\n");
            foreach (var f in gate.Findings)
            {
                md.Append("| ").Append(string.Join(" | ", new[] { Icon(f.Level) + " " + Level(f.Level), f.PromptId, Check(f), Values(f), f.Budget ?? "–" }.Select(Md))).Append(" |\n");
            }

            md.Append('\n');
        }

        var changes = ModelChanges(run);
        if (changes.Count > 0)
        {
            md.Append(Md("Model changes: " + string.Join("; ", changes.Select(c => c.Prompt + ": " + c.Change)))).Append("\n\n");
        }
    }

    public static void Html(StringBuilder h, EvalRun run)
    {
        if (run.Gate is not { } gate) return;
        h.Append("<section id=\"gate\" class=\"gate g-").Append(Result(gate.Result).Replace(' ', '-')).Append("\"><h2>")
            .Append(E(Icon(gate.Result) + " " + Summary(gate))).Append("</h2>\n");
        if (gate.Findings.Count > 0)
        {
            h.Append("<table class=\"gate\"><thead><tr><th>level</th><th>prompt</th><th>check</th><th>baseline → candidate</th><th>budget</th><th>finding</th></tr></thead><tbody>\n");
            foreach (var f in gate.Findings)
            {
                h.Append("<tr class=\"gate-finding l-").Append(Level(f.Level)).Append("\"><td>").Append(E(Level(f.Level)))
                    .Append("</td><td>").Append(E(f.PromptId)).Append("</td><td>").Append(E(Check(f)))
                    .Append("</td><td>").Append(E(Values(f))).Append("</td><td>").Append(E(f.Budget ?? "–"))
                    .Append("</td><td>").Append(E(f.Message)).Append("</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        var changes = ModelChanges(run);
        if (changes.Count > 0)
        {
            h.Append("<p class=\"models\">Model changes: ");
            h.Append(string.Join("; ", changes.Select(c => "<span class=\"model-change\">" + E(c.Prompt + ": " + c.Change) + "</span>")));
            h.Append("</p>\n");
        }

        h.Append("</section>\n");
    }

    /// <summary>Prompts (in report order) whose model changed, with the change.</summary>
    public static IReadOnlyList<(string Prompt, string Change)> ModelChanges(EvalRun run) =>
        ReportText.OrderedPrompts(run).Select(p => (p.PromptId, Change: ModelChange(p))).Where(x => x.Change is not null)
            .Select(x => (x.PromptId, x.Change!)).ToList();

    private static string Icon(GateResult result) => result switch
    {
        GateResult.Pass => "✅",
        GateResult.Warn => "⚠️",
        GateResult.Fail => "❌",
        _ => "⛔",
    };

    private static string Icon(GateLevel level) => level == GateLevel.Fail ? "❌" : "⚠️";

    private static string Plural(int n, string noun) => n + " " + noun + (n == 1 ? "" : "s");

    private static string Md(string text) => ReportText.MarkdownInline(text);

    private static string E(string? text) => ReportText.Html(text);
}
