using System.Globalization;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

public class MarkdownReportTests
{
    private static string Render() => MarkdownReport.Render(ReportFixture.Create(), ReportFixture.CostReportMarkdown);

    [Fact]
    public void Matches_golden_file() => Golden.AssertMatches("report.md", Render());

    [Fact]
    public void Leads_with_one_headline_sentence()
    {
        var lines = Render().Split('\n');
        Assert.Equal(MarkdownReport.CommentMarker, lines[0]);
        Assert.Equal("**" + ReportText.MarkdownInline(Headline.For(ReportFixture.Create())) + "**", lines[1]);
        Assert.Equal("**Cost per 1k calls (mean over prompts) will decrease by \\$0.11 (−10%) 📉; quality regressed on support-triage (−36 pts) 📉, improved on summarize-ticket (+30 pts) 📈; 1 case missing from the candidate; 1 case errored (not evaluated)**", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.StartsWith("**❌ Gate: fail · exit code 1: ", lines[3], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("| prompt | verdict |", StringComparison.Ordinal));
    }

    [Fact]
    public void Headline_says_increase_and_quality_unchanged()
    {
        var run = ReportFixture.Create();
        var triage = run.Prompts.Single(p => p.PromptId == "support-triage");
        var only = new EvalRun
        {
            Provenance = run.Provenance,
            Prompts =
            [
                new PromptComparison
                {
                    PromptId = "p",
                    Cases = [],
                    Baseline = new VariantSummary { CostPerCall = 0.00233m },
                    Candidate = new VariantSummary { CostPerCall = 0.00275m },
                    Verdict = PromptVerdict.Unchanged,
                },
            ],
        };
        var first = MarkdownReport.Render(only, null).Split('\n')[1];
        Assert.Equal("**Cost per 1k calls (mean over prompts) will increase by \\$0.42 (+18%) 📈; quality unchanged**", first);
        Assert.NotNull(triage);
    }

    [Fact]
    public void Is_culture_invariant()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
            var us = Render();
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            var de = Render();
            Assert.Equal(us, de);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Escapes_untrusted_text()
    {
        var md = Render();
        Assert.Contains("<script>", md, StringComparison.Ordinal); // inside a fenced block, where it is inert
        Assert.DoesNotContain(OutsideFences(md), line => line.Contains("<script", StringComparison.OrdinalIgnoreCase) || line.Contains("<b>", StringComparison.Ordinal));
        // The hostile case id: pipe, backticks, HTML and mention all neutralised.
        Assert.Contains("triage\\|pipe-\\`id\\`-&lt;b&gt;@\u200Dops", md, StringComparison.Ordinal);
        // No live @mention anywhere outside code blocks.
        foreach (var line in OutsideFences(md))
        {
            Assert.DoesNotMatch(@"@[A-Za-z]", line);
        }
    }

    [Fact]
    public void Fences_outputs_with_a_fence_longer_than_any_backtick_run()
    {
        var md = Render();
        // The hostile output has a run of four backticks: the fence must be five.
        Assert.Contains("`````text\n" + "Route to @team | billing `urgent` ```` fence ```` <script>alert('x')</script> & done\n`````\n", md.Replace("<script>alert('x')</script>", "<script>alert('x')</script>", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0007", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Caps_cases_shown_with_a_more_line()
    {
        var md = MarkdownReport.Render(ReportFixture.Create(), null, maxCasesPerPrompt: 1);
        Assert.Contains("… 2 more changed outcomes not shown", md, StringComparison.Ordinal); // support-triage: 3 regressions
        Assert.Contains("… 3 more changed outcomes not shown", md, StringComparison.Ordinal); // summarize-ticket: 3 improvements, 1 failed → errored
        Assert.DoesNotContain("more changed outcome", Render(), StringComparison.Ordinal); // the default cap shows them all
    }

    [Fact]
    public void Lists_removed_and_added_cases_and_judge_cost_apart()
    {
        var md = Render();
        Assert.Contains("**Removed cases** (a missing case is not a passing case):\n\n- triage-refund-legacy (was passed in the baseline)", md, StringComparison.Ordinal);
        Assert.Contains("**Added cases:**\n\n- triage-gdpr-request: failed", md, StringComparison.Ordinal);
        Assert.Contains("Judge cost (the cost of running this evaluation, not of the feature): \\$0.00228 (baseline \\$0.0012, candidate \\$0.00108)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Includes_cost_report_and_provenance_footer()
    {
        var md = Render();
        // The build's Markdown is shown as source, fenced: it is built from the pull request's files.
        Assert.Contains("<details><summary>Build cost report (cost-report.md)</summary>\n\n```markdown\n### LlmOps cost report\n", md, StringComparison.Ordinal);
        var footer = md.TrimEnd('\n').Split('\n')[^1];
        Assert.Equal("<sub>commit 3f2a9c1 · baseline a1b2c3d · judge gpt-4o-mini-2024-07-18 · prices checked 2026-11-01 · mode replay · dotnet-eval 0.1.0</sub>", footer);
        Assert.DoesNotContain("Build cost report", MarkdownReport.Render(ReportFixture.Create(), null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_footer_names_the_baseline_ref_only_when_no_commit_is_known()
    {
        var run = ReportFixture.Create();
        var noCommit = new EvalRun
        {
            Provenance = new RunProvenance { StartedAt = run.Provenance.StartedAt, Mode = "replay", BaselineRef = "origin/main" },
            Prompts = run.Prompts,
        };
        Assert.Contains("<sub>commit n/a · baseline origin/main · judge none", MarkdownReport.Render(noCommit, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Regressed_prompts_are_expanded_and_the_rest_folded()
    {
        var md = Render();
        Assert.Contains("\n<details open><summary>support-triage: 3 changed outcomes (3 regressed)", md, StringComparison.Ordinal);
        Assert.Contains("\n<details><summary>summarize-ticket: 4 changed outcomes (0 regressed)", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<details open><summary>summarize-ticket", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_outcomes_list_regressions_first()
    {
        var md = Render();
        var r3 = md.IndexOf("**triage-03**: passed → failed", StringComparison.Ordinal);
        var r7 = md.IndexOf("**triage-07**: passed → failed", StringComparison.Ordinal);
        Assert.True(r3 > 0 && r7 > r3);
        var s9 = md.IndexOf("**summary-09**: failed → errored", StringComparison.Ordinal);
        var s2 = md.IndexOf("**summary-02**: failed → passed", StringComparison.Ordinal);
        Assert.True(s2 > 0 && s9 > s2);
    }

    private static IEnumerable<string> OutsideFences(string md)
    {
        string? fence = null;
        foreach (var line in md.Split('\n'))
        {
            if (fence is null)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    fence = new string('`', line.TakeWhile(c => c == '`').Count());
                    continue;
                }

                yield return line;
            }
            else if (line == fence)
            {
                fence = null;
            }
        }
    }
}

public class MarkdownReportSizeTests
{
    [Fact]
    public void Stays_under_the_comment_limit_by_showing_fewer_cases()
    {
        var fixture = ReportFixture.Create();
        var big = fixture.Prompts[0];
        var cases = Enumerable.Range(0, 400).Select(i => new LlmOps.Guardrails.Eval.Results.CaseComparison
        {
            CaseId = "big-" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture),
            Change = LlmOps.Guardrails.Eval.Results.CaseChange.Same,
            Baseline = new LlmOps.Guardrails.Eval.Results.CaseResult { Status = LlmOps.Guardrails.Eval.Results.CaseStatus.Passed, Output = new string('a', 2000) },
            Candidate = new LlmOps.Guardrails.Eval.Results.CaseResult { Status = LlmOps.Guardrails.Eval.Results.CaseStatus.Failed, Output = new string('b', 2000) },
        }).ToList();
        var run = new LlmOps.Guardrails.Eval.Results.EvalRun
        {
            Provenance = fixture.Provenance,
            Prompts = [new LlmOps.Guardrails.Eval.Results.PromptComparison { PromptId = "big", Cases = cases, Baseline = big.Baseline, Candidate = big.Candidate, Verdict = big.Verdict }],
        };
        var md = LlmOps.Guardrails.Eval.Reports.MarkdownReport.Render(run, null, maxCasesPerPrompt: 400);
        Assert.True(md.Length <= LlmOps.Guardrails.Eval.Reports.MarkdownReport.MaxCommentChars, md.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("more changed outcomes not shown", md, StringComparison.Ordinal);
    }
}
