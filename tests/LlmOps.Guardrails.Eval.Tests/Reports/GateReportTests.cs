using System.Text.Json;
using System.Xml.Linq;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

/// <summary>
/// Every report carries the gate the command printed: each finding (level, prompt, check, baseline → candidate,
/// budget), the overall result and the exit code's meaning, and the per-prompt model changes.
/// </summary>
public class GateReportTests
{
    private static readonly EvalRun Run = ReportFixture.Create();

    private static IReadOnlyList<GateFinding> Findings => Run.Gate!.Findings;

    [Fact]
    public void The_fixture_has_fail_and_warn_findings()
    {
        // Guards the tests below against passing on an empty gate.
        Assert.Contains(Findings, f => f.Level == GateLevel.Fail);
        Assert.Contains(Findings, f => f.Level == GateLevel.Warn);
        Assert.Equal(GateResult.Fail, Run.Gate!.Result);
    }

    [Fact]
    public void Markdown_has_a_row_per_finding_and_the_result_before_the_prompt_table()
    {
        var md = MarkdownReport.Render(Run, null);
        var table = md.IndexOf("| prompt | verdict |", StringComparison.Ordinal);
        Assert.Contains("**❌ " + ReportText.MarkdownInline(GateSection.Summary(Run.Gate!)) + "**", md, StringComparison.Ordinal);
        Assert.Contains(ExitCodes.Describe(ExitCodes.QualityGate), GateSection.Summary(Run.Gate!), StringComparison.Ordinal);
        foreach (var f in Findings)
        {
            var row = MarkdownRow(f);
            var at = md.IndexOf(row, StringComparison.Ordinal);
            Assert.True(at >= 0 && at < table, "missing or after the prompt table: " + row);
        }

        Assert.Contains("summarize-ticket: claude-sonnet-4-5-20250929 → claude-haiku-4-5-20251001", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_a_row_per_finding_with_its_sentence()
    {
        var html = HtmlReport.Render(Run);
        foreach (var f in Findings)
        {
            Assert.Contains(
                "<tr class=\"gate-finding l-" + GateSection.Level(f.Level) + "\"><td>" + GateSection.Level(f.Level) + "</td><td>" + ReportText.Html(f.PromptId)
                + "</td><td>" + ReportText.Html(GateSection.Check(f)) + "</td><td>" + ReportText.Html(GateSection.Values(f)) + "</td><td>"
                + ReportText.Html(f.Budget) + "</td><td>" + ReportText.Html(f.Message) + "</td></tr>",
                html,
                StringComparison.Ordinal);
        }

        Assert.Contains(ReportText.Html(GateSection.Summary(Run.Gate!)), html, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_has_a_failure_per_fail_finding_and_a_skipped_message_per_warning()
    {
        var gate = XDocument.Parse(JUnitReport.Render(Run)).Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "gate");
        var cases = gate.Elements("testcase").ToList();
        Assert.Equal(Findings.Count, cases.Count);
        for (var i = 0; i < Findings.Count; i++)
        {
            var f = Findings[i];
            Assert.Equal(f.PromptId + ": " + GateSection.Check(f), (string)cases[i].Attribute("name")!);
            var element = cases[i].Element(f.Level == GateLevel.Fail ? "failure" : "skipped");
            Assert.NotNull(element);
            Assert.Equal((f.Level == GateLevel.Fail ? "gate failed: " : "gate warning: ") + f.Message, (string)element!.Attribute("message")!);
        }

        var properties = gate.Element("properties")!.Elements("property").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        Assert.Equal("fail", properties["gate.result"]);
        Assert.Equal("1", properties["gate.exitCode"]);
        Assert.Equal(ExitCodes.Describe(1), properties["gate.exitCodeMeaning"]);
        Assert.Equal("claude-sonnet-4-5-20250929 → claude-haiku-4-5-20251001", properties["model.change.summarize-ticket"]);
        Assert.Equal(Findings.Count(f => f.Level == GateLevel.Fail), (int)gate.Attribute("failures")!);
        Assert.Equal(Findings.Count(f => f.Level == GateLevel.Warn), (int)gate.Attribute("skipped")!);
    }

    [Fact]
    public void Results_json_round_trips_every_finding_and_the_result()
    {
        var json = EvalRunJson.Serialize(Run);
        using var doc = JsonDocument.Parse(json);
        var gate = doc.RootElement.GetProperty("gate");
        Assert.Equal("fail", gate.GetProperty("result").GetString());
        Assert.Equal(1, gate.GetProperty("exitCode").GetInt32());
        Assert.Equal(ExitCodes.Describe(1), gate.GetProperty("exitCodeMeaning").GetString());
        var written = gate.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()).ToList();
        Assert.Equal(Findings.Select(f => f.Message), written);

        var read = EvalRunJson.Deserialize(json).Gate!;
        Assert.Equal(Run.Gate!.ExitCode, read.ExitCode);
        Assert.Equal(Findings.Select(f => (f.Level, f.PromptId, f.Rule, f.Metric, f.BaselineValue, f.CandidateValue, f.Budget)),
            read.Findings.Select(f => (f.Level, f.PromptId, f.Rule, f.Metric, f.BaselineValue, f.CandidateValue, f.Budget)));
    }

    [Fact]
    public void Dropping_any_finding_fails_the_golden_comparisons()
    {
        Assert.True(Golden.Matches("report.md", MarkdownReport.Render(Run, ReportFixture.CostReportMarkdown)), "the full run must match the golden file");
        Assert.True(Golden.Matches("report.junit.xml", JUnitReport.Render(Run)), "the full run must match the golden file");
        for (var i = 0; i < Findings.Count; i++)
        {
            var dropped = Run.WithGate(new GateOutcome { ExitCode = Run.Gate!.ExitCode, Findings = Findings.Where((_, j) => j != i).ToList() });
            Assert.False(Golden.Matches("report.md", MarkdownReport.Render(dropped, ReportFixture.CostReportMarkdown)), "report.md without finding " + i);
            Assert.False(Golden.Matches("report.junit.xml", JUnitReport.Render(dropped)), "report.junit.xml without finding " + i);
        }
    }

    [Fact]
    public void A_run_that_could_not_complete_says_so_in_every_report()
    {
        var run = Run.WithGate(Run.Gate!.CouldNotRun("1 recording missing (see the command's output)"));
        Assert.Equal(GateResult.CouldNotRun, run.Gate!.Result);
        Assert.Contains("could not run: 1 recording missing", MarkdownReport.Render(run, null), StringComparison.Ordinal);
        Assert.Contains("could not run: 1 recording missing", HtmlReport.Render(run), StringComparison.Ordinal);
        var gate = XDocument.Parse(JUnitReport.Render(run)).Root!.Elements("testsuite").First();
        Assert.Equal("CouldNotRun", (string)gate.Descendants("error").Single().Attribute("type")!);
        Assert.Equal("couldNotRun", JsonDocument.Parse(EvalRunJson.Serialize(run)).RootElement.GetProperty("gate").GetProperty("result").GetString());
    }

    [Fact]
    public void A_clean_pass_is_one_passing_gate_test_case_and_says_pass()
    {
        var run = Run.WithGate(new GateOutcome { ExitCode = ExitCodes.Success, Findings = [] });
        Assert.Equal(GateResult.Pass, run.Gate!.Result);
        var gate = XDocument.Parse(JUnitReport.Render(run)).Root!.Elements("testsuite").First();
        Assert.Equal("gate", (string)gate.Attribute("name")!);
        var only = Assert.Single(gate.Elements("testcase"));
        Assert.Equal("gate passed", (string)only.Attribute("name")!);
        Assert.Empty(only.Elements());
        Assert.Contains("**✅ Gate: pass · exit code 0: ", MarkdownReport.Render(run, null), StringComparison.Ordinal);
        Assert.Contains("class=\"gate g-pass\"", HtmlReport.Render(run), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_the_gate_has_not_judged_renders_no_gate_section()
    {
        var run = ReportFixture.CreateUnjudged();
        Assert.DoesNotContain("Gate:", MarkdownReport.Render(run, null), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"gate\"", HtmlReport.Render(run), StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"gate\"", JUnitReport.Render(run), StringComparison.Ordinal);
    }

    internal static string MarkdownRow(GateFinding f) =>
        "| " + string.Join(" | ", new[]
        {
            (f.Level == GateLevel.Fail ? "❌ " : "⚠️ ") + GateSection.Level(f.Level), f.PromptId, GateSection.Check(f), GateSection.Values(f), f.Budget ?? "–",
        }.Select(ReportText.MarkdownInline)) + " |";
}
