using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

/// <summary>The comment limit: the headline and the table stay, per-case sections are cut with a note.</summary>
public class MarkdownReportCutTests
{
    [Fact]
    public void Removed_case_lists_too_long_for_a_comment_are_replaced_by_an_omitted_note_naming_the_artifact()
    {
        // Removed cases are listed in full (they are not capped per prompt): 8 prompts x 400 long ids is ~150 KB.
        var run = RunWithRemovedCases(prompts: 8, removedPerPrompt: 400);

        var text = MarkdownReport.Render(run, null, MarkdownReport.DefaultMaxCasesPerPrompt, "eval-reports");

        Assert.True(text.Length <= MarkdownReport.MaxCommentChars, text.Length.ToString());
        var lines = text.Split('\n');
        Assert.Equal(MarkdownReport.CommentMarker, lines[0]);
        Assert.Equal("**" + ReportText.MarkdownInline(Headline.For(run)) + "**", lines[1]);
        Assert.Equal(8, lines.Count(l => l.StartsWith("| p", StringComparison.Ordinal) && !l.StartsWith("| prompt", StringComparison.Ordinal)));
        var note = Assert.Single(lines, l => l.Contains("omitted", StringComparison.Ordinal));
        Assert.Matches(@"^… \d+ cases omitted; full report in the artifact eval-reports\.$", note);
        var shown = lines.Count(l => l.StartsWith("- case-", StringComparison.Ordinal));
        var omitted = int.Parse(note.Split(' ')[1]);
        Assert.Equal(8 * 400, shown + omitted);
        Assert.True(shown > 0, "as many sections as fit are kept");
        Assert.EndsWith("</sub>\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_that_fits_is_not_cut()
    {
        var run = RunWithRemovedCases(prompts: 2, removedPerPrompt: 3);
        var text = MarkdownReport.Render(run, null, MarkdownReport.DefaultMaxCasesPerPrompt, "eval-reports");
        Assert.DoesNotContain("omitted", text, StringComparison.Ordinal);
        Assert.Equal(6, text.Split('\n').Count(l => l.StartsWith("- case-", StringComparison.Ordinal)));
    }

    private static EvalRun RunWithRemovedCases(int prompts, int removedPerPrompt) => new()
    {
        Provenance = new RunProvenance { StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Mode = "offline" },
        Prompts = Enumerable.Range(1, prompts).Select(p => new PromptComparison
        {
            PromptId = "p" + p,
            Verdict = PromptVerdict.Unchanged,
            Baseline = new VariantSummary { Cases = removedPerPrompt, Passed = removedPerPrompt, PassRate = 1 },
            Candidate = new VariantSummary(),
            Cases = Enumerable.Range(1, removedPerPrompt).Select(c => new CaseComparison
            {
                CaseId = "case-" + c + "-" + new string('x', 30),
                Change = CaseChange.Removed,
                Baseline = new CaseResult { Status = CaseStatus.Passed, Output = "ok" },
            }).ToList(),
        }).ToList(),
    };
}
