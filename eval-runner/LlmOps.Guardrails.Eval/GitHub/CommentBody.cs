using System;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// The comment text: the sticky marker as the first line, then the Markdown report (which already fits in
/// <see cref="MarkdownReport.MaxCommentChars"/>, well under GitHub's 65,536-character limit).
/// </summary>
public static class CommentBody
{
    /// <summary>GitHub rejects comment bodies longer than this.</summary>
    public const int GitHubMaxChars = 65_536;

    public static string Render(EvalRun run, string? costReportMarkdown, string marker, string? artifact)
    {
        var report = MarkdownReport.Render(run, costReportMarkdown, MarkdownReport.DefaultMaxCasesPerPrompt, artifact);
        return WithMarker(report, marker);
    }

    /// <summary>Replaces the report's generic first-line marker with the (workflow, tag) one.</summary>
    public static string WithMarker(string report, string marker)
    {
        var rest = report.StartsWith(MarkdownReport.CommentMarker + "\n", StringComparison.Ordinal)
            ? report[(MarkdownReport.CommentMarker.Length + 1)..]
            : report;
        var body = marker + "\n" + rest;
        if (body.Length >= GitHubMaxChars)
        {
            // Only a table of thousands of prompts gets here: keep whole lines, the headline first.
            var cut = body.LastIndexOf('\n', GitHubMaxChars - 200);
            body = body[..(cut + 1)] + "\n… report cut to GitHub's comment limit; full report in the artifact.\n";
        }

        return body;
    }
}
