using System.Xml;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>
/// The gate in JUnit: &lt;testsuite name="gate"&gt; with the result, the exit code and its meaning as properties, and one
/// &lt;testcase classname="gate"&gt; per finding. A fail-level finding is a &lt;failure&gt; (CI viewers mark it red, as
/// the exit code does); a warn-level one is &lt;skipped message="gate warning: …"&gt; plus &lt;system-out&gt; — viewers
/// list skipped tests with their message, while a passing test's output is hidden. A run that could not complete adds
/// an &lt;error&gt;; a clean pass is one passing test case, so the suite is never empty.
/// </summary>
internal static class JUnitGateSuite
{
    public const string SuiteName = "gate";

    public static (long Tests, long Failures, long Errors, long Skipped) Counts(EvalRun run)
    {
        if (run.Gate is not { } gate) return (0, 0, 0, 0);
        long failures = gate.Count(GateLevel.Fail), skipped = gate.Count(GateLevel.Warn);
        long errors = gate.CouldNotRunReason is null ? 0 : 1;
        long tests = failures + skipped + errors;
        return (tests == 0 ? 1 : tests, failures, errors, skipped);
    }

    public static void Write(XmlWriter xml, EvalRun run)
    {
        if (run.Gate is not { } gate) return;
        var counts = Counts(run);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", SuiteName);
        xml.WriteAttributeString("tests", ReportText.Number(counts.Tests));
        xml.WriteAttributeString("failures", ReportText.Number(counts.Failures));
        xml.WriteAttributeString("errors", ReportText.Number(counts.Errors));
        xml.WriteAttributeString("skipped", ReportText.Number(counts.Skipped));
        xml.WriteAttributeString("time", "0.000");
        xml.WriteAttributeString("timestamp", ReportText.Timestamp(run.Provenance.StartedAt));

        xml.WriteStartElement("properties");
        JUnitReport.Property(xml, "gate.result", GateSection.Result(gate.Result));
        JUnitReport.Property(xml, "gate.exitCode", ReportText.Number(gate.ExitCode));
        JUnitReport.Property(xml, "gate.exitCodeMeaning", gate.ExitCodeMeaning);
        JUnitReport.Property(xml, "gate.couldNotRun", gate.CouldNotRunReason);
        foreach (var (prompt, change) in GateSection.ModelChanges(run))
        {
            JUnitReport.Property(xml, "model.change." + prompt, change);
        }

        xml.WriteEndElement();

        if (gate.CouldNotRunReason is { } reason)
        {
            Case(xml, "run complete");
            xml.WriteStartElement("error");
            JUnitReport.Attr(xml, "message", "could not run: " + reason);
            xml.WriteAttributeString("type", "CouldNotRun");
            JUnitReport.Text(xml, GateSection.Summary(gate));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var f in gate.Findings)
        {
            Case(xml, f.PromptId + ": " + GateSection.Check(f));
            string details = "level: " + GateSection.Level(f.Level) + "\nprompt: " + f.PromptId + "\ncheck: " + GateSection.Check(f)
                + "\nbaseline → candidate: " + GateSection.Values(f) + "\nbudget: " + (f.Budget ?? "–") + "\n" + f.Message;
            if (f.Level == GateLevel.Fail)
            {
                xml.WriteStartElement("failure");
                JUnitReport.Attr(xml, "message", "gate failed: " + f.Message);
                xml.WriteAttributeString("type", f.Category switch
                {
                    GateCategory.Quality => "QualityGate",
                    GateCategory.CostOrLatency => "CostOrLatencyGate",
                    _ => "ErroredGate",
                });
                JUnitReport.Text(xml, details);
                xml.WriteEndElement();
            }
            else
            {
                xml.WriteStartElement("skipped");
                JUnitReport.Attr(xml, "message", "gate warning: " + f.Message);
                xml.WriteEndElement();
                xml.WriteStartElement("system-out");
                JUnitReport.Text(xml, details);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (gate.Findings.Count == 0 && gate.CouldNotRunReason is null)
        {
            Case(xml, "gate passed");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Case(XmlWriter xml, string name)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", SuiteName);
        JUnitReport.Attr(xml, "name", name);
        xml.WriteAttributeString("time", "0.000");
    }
}
