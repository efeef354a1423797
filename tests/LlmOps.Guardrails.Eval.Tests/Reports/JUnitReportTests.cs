using System.Xml.Linq;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

public class JUnitReportTests
{
    private static string Render() => JUnitReport.Render(ReportFixture.Create());

    [Fact]
    public void Matches_golden_file() => Golden.AssertMatches("report.junit.xml", Render());

    [Fact]
    public void Parses_with_one_suite_per_prompt_and_one_testcase_per_case()
    {
        var doc = XDocument.Parse(Render());
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal("gate", (string)root.Elements("testsuite").First().Attribute("name")!);
        var suites = root.Elements("testsuite").Skip(1).ToList();
        Assert.Equal(["reply-draft", "summarize-ticket", "support-triage"], suites.Select(s => (string)s.Attribute("name")!));
        var run = ReportFixture.Create();
        foreach (var suite in suites)
        {
            var prompt = run.Prompts.Single(p => p.PromptId == (string)suite.Attribute("name")!);
            Assert.Equal(prompt.Cases.Count, suite.Elements("testcase").Count());
            Assert.Equal(prompt.Cases.Count, (int)suite.Attribute("tests")!);
            Assert.Equal(suite.Elements("testcase").Count(t => t.Element("failure") is not null), (int)suite.Attribute("failures")!);
            Assert.Equal(suite.Elements("testcase").Count(t => t.Element("error") is not null), (int)suite.Attribute("errors")!);
        }

        // The root's totals count the gate suite's test cases too, so viewers that read only the root agree with the suites.
        Assert.Equal(root.Descendants("testcase").Count(), (int)root.Attribute("tests")!);
        Assert.Equal(run.Prompts.Sum(p => p.Cases.Count) + run.Gate!.Findings.Count, (int)root.Attribute("tests")!);
        Assert.Equal(root.Descendants("failure").Count(), (int)root.Attribute("failures")!);
        Assert.Equal(root.Descendants("skipped").Count(), (int)root.Attribute("skipped")!);
    }

    [Fact]
    public void Failures_carry_scorer_reasons_errors_and_missing_cases()
    {
        var doc = XDocument.Parse(Render());
        var triage = doc.Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "support-triage");
        var t3 = triage.Elements("testcase").Single(t => (string)t.Attribute("name")! == "triage-03");
        var failure = t3.Element("failure")!;
        Assert.Equal("Regression", (string)failure.Attribute("type")!);
        Assert.Contains("json-path: expected 'billing' in $.category, got 'login'", (string)failure.Attribute("message")!, StringComparison.Ordinal);
        Assert.Contains("baseline: passed", failure.Value, StringComparison.Ordinal);

        var removed = triage.Elements("testcase").Single(t => (string)t.Attribute("name")! == "triage-refund-legacy");
        Assert.Equal("MissingCase", (string)removed.Element("failure")!.Attribute("type")!);

        var summary = doc.Root.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "summarize-ticket");
        var errored = summary.Elements("testcase").Single(t => (string)t.Attribute("name")! == "summary-09");
        Assert.Contains("judge timed out", (string)errored.Element("error")!.Attribute("message")!, StringComparison.Ordinal);

        Assert.Equal("triage|pipe-`id`-<b>@ops", triage.Elements("testcase").Select(t => (string)t.Attribute("name")!).Single(n => n.StartsWith("triage|", StringComparison.Ordinal)));
    }

    [Fact]
    public void Strips_characters_xml_cannot_carry()
    {
        var xml = Render();
        Assert.DoesNotContain("\u0001", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x1;", xml, StringComparison.Ordinal);
        var doc = XDocument.Parse(xml);
        var output = doc.Descendants("testcase").Single(t => (string)t.Attribute("name")! == "triage-03").Element("system-out")!.Value;
        Assert.Equal("Route to @team | billing `urgent` ```` fence ```` <script>alert('x')</script> & done", output);

        var nasty = new EvalRun
        {
            Provenance = new RunProvenance { StartedAt = DateTimeOffset.UnixEpoch, Mode = "live" },
            Prompts =
            [
                new PromptComparison
                {
                    PromptId = "p\u0000\uFFFF\uD800",
                    Cases = [new CaseComparison { CaseId = "c\u001B]8;;", Change = CaseChange.Same, Baseline = new CaseResult { Status = CaseStatus.Passed }, Candidate = new CaseResult { Status = CaseStatus.Failed, Error = "bad \u0008 byte", Output = "x\u0000y" } }],
                    Baseline = new VariantSummary(),
                    Candidate = new VariantSummary(),
                    Verdict = PromptVerdict.Inconclusive,
                },
            ],
        };
        var parsed = XDocument.Parse(JUnitReport.Render(nasty));
        Assert.Equal("p", (string)parsed.Root!.Elements("testsuite").Single(e => (string)e.Attribute("name")! != "gate").Attribute("name")!);
        Assert.Equal("c]8;;", (string)parsed.Descendants("testcase").Single().Attribute("name")!);
    }
}
