using System.Xml.Linq;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

/// <summary>
/// Checks the four outputs a compare or merge wrote against what it printed: every "gate warning:" / "gate failed:"
/// line is a finding in results.json, and report.md, report.html and report.junit.xml each show that finding; each
/// expected model change is in all four.
/// </summary>
internal static class ReportGateAssertions
{
    public static IReadOnlyList<string> GateLines(string consoleText) =>
        consoleText.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("gate warning: ", StringComparison.Ordinal) || l.StartsWith("gate failed: ", StringComparison.Ordinal))
            .ToList();

    public static EvalRun AssertOutputsCarry(string outFolder, IReadOnlyList<string> printed, params (string Prompt, string Change)[] modelChanges)
    {
        var run = EvalRunJson.ReadFile(Path.Combine(outFolder, "results.json"));
        Assert.True(run.Gate is not null, "results.json has no gate");
        var findings = run.Gate!.Findings;

        // One source: the printed lines are exactly the findings results.json keeps, in the same order.
        Assert.Equal(printed, findings.Select(f => (f.Level == GateLevel.Fail ? "gate failed: " : "gate warning: ") + f.Message));

        var md = File.ReadAllText(Path.Combine(outFolder, "report.md"));
        var html = File.ReadAllText(Path.Combine(outFolder, "report.html"));
        var junitText = File.ReadAllText(Path.Combine(outFolder, "report.junit.xml"));
        var gateSuite = XDocument.Parse(junitText).Root!.Elements("testsuite").Single(s => (string)s.Attribute("name")! == "gate");
        var junitMessages = gateSuite.Descendants().Where(e => e.Name.LocalName is "failure" or "skipped")
            .Select(e => (string)e.Attribute("message")!).ToList();

        Assert.Contains(ReportText.MarkdownInline(GateSection.Summary(run.Gate)), md, StringComparison.Ordinal);
        Assert.Contains(ReportText.Html(GateSection.Summary(run.Gate)), html, StringComparison.Ordinal);
        Assert.Equal(GateSection.Result(run.Gate.Result), Property(gateSuite, "gate.result"));
        Assert.Equal(run.Gate.ExitCodeMeaning, Property(gateSuite, "gate.exitCodeMeaning"));
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            Assert.True(md.Contains(GateReportTests.MarkdownRow(f), StringComparison.Ordinal), "report.md lacks: " + printed[i]);
            Assert.True(html.Contains("<td>" + ReportText.Html(f.Message) + "</td>", StringComparison.Ordinal), "report.html lacks: " + printed[i]);
            Assert.True(junitMessages.Contains(printed[i]), "report.junit.xml lacks: " + printed[i]);
        }

        Assert.Equal(findings.Count, junitMessages.Count);
        foreach (var (prompt, change) in modelChanges)
        {
            var p = run.Prompts.Single(x => x.PromptId == prompt);
            Assert.Equal(change, p.BaselineModel + " → " + p.CandidateModel);
            Assert.Contains(ReportText.MarkdownInline(prompt + ": " + change), md, StringComparison.Ordinal);
            Assert.Contains(ReportText.Html(prompt + ": " + change), html, StringComparison.Ordinal);
            Assert.Equal(change, Property(gateSuite, "model.change." + prompt));
        }

        return run;
    }

    private static string? Property(XElement suite, string name) =>
        suite.Element("properties")?.Elements("property").Where(p => (string)p.Attribute("name")! == name)
            .Select(p => (string?)p.Attribute("value")).SingleOrDefault();
}
