using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Reports;

/// <summary>
/// JUnit XML for CI test viewers. One &lt;testsuite&gt; per prompt (its candidate variant: what the pull request would
/// ship), one &lt;testcase&gt; per case id. Failed cases carry &lt;failure&gt; with the failing scorers' reasons, errored
/// cases &lt;error&gt;, removed cases &lt;failure type="MissingCase"&gt; (a missing case is not a passing case; the paired
/// analysis counts it as a candidate failure too). A first &lt;testsuite name="gate"&gt; carries the gate's result and
/// one test case per finding (<see cref="JUnitGateSuite"/>). Text is stripped of characters
/// XML 1.0 cannot carry.
/// </summary>
public static class JUnitReport
{
    public static string Render(EvalRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            OmitXmlDeclaration = false,
            Encoding = new UTF8Encoding(false),
        };
        var sb = new StringBuilder();
        using (var sw = new Utf8StringWriter(sb))
        using (var xml = XmlWriter.Create(sw, settings))
        {
            var prompts = ReportText.OrderedPrompts(run).ToList();
            var gate = JUnitGateSuite.Counts(run);
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "dotnet eval");
            xml.WriteAttributeString("tests", ReportText.Number(gate.Tests + prompts.Sum(p => (long)p.Cases.Count)));
            xml.WriteAttributeString("failures", ReportText.Number(gate.Failures + prompts.Sum(p => (long)p.Cases.Count(c => Kind(c) is Outcome.Failure or Outcome.Missing))));
            xml.WriteAttributeString("errors", ReportText.Number(gate.Errors + prompts.Sum(p => (long)p.Cases.Count(c => Kind(c) == Outcome.Error))));
            xml.WriteAttributeString("skipped", ReportText.Number(gate.Skipped));
            xml.WriteAttributeString("time", Seconds(prompts.Sum(p => p.Cases.Sum(c => c.Candidate?.LatencyMs ?? 0))));

            // First, so a viewer that lists suites in file order shows the gate before the cases.
            JUnitGateSuite.Write(xml, run);
            foreach (var prompt in prompts)
            {
                WriteSuite(xml, run, prompt);
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return sb.Append('\n').ToString();
    }

    private enum Outcome
    {
        Pass,
        Failure,
        Error,
        Missing,
    }

    private static Outcome Kind(CaseComparison c) => c.Candidate?.Status switch
    {
        null => Outcome.Missing,
        CaseStatus.Passed => Outcome.Pass,
        CaseStatus.Errored => Outcome.Error,
        _ => Outcome.Failure,
    };

    private static void WriteSuite(XmlWriter xml, EvalRun run, PromptComparison p)
    {
        var cases = p.Cases.OrderBy(c => c.CaseId, StringComparer.Ordinal).ToList();
        xml.WriteStartElement("testsuite");
        Attr(xml, "name", p.PromptId);
        xml.WriteAttributeString("tests", ReportText.Number(cases.Count));
        xml.WriteAttributeString("failures", ReportText.Number(cases.Count(c => Kind(c) is Outcome.Failure or Outcome.Missing)));
        xml.WriteAttributeString("errors", ReportText.Number(cases.Count(c => Kind(c) == Outcome.Error)));
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", Seconds(cases.Sum(c => c.Candidate?.LatencyMs ?? 0)));
        xml.WriteAttributeString("timestamp", ReportText.Timestamp(run.Provenance.StartedAt));

        xml.WriteStartElement("properties");
        Property(xml, "verdict", ReportText.Verdict(p.Verdict));
        Property(xml, "prompt.changed", p.Changed ? "true" : "false");
        Property(xml, "baseline.hash", p.BaselineHash);
        Property(xml, "candidate.hash", p.CandidateHash);
        Property(xml, "baseline.model", p.BaselineModel);
        Property(xml, "candidate.model", p.CandidateModel);
        Property(xml, "model.change", GateSection.ModelChange(p));
        Property(xml, "baseline.passRate", ReportText.Number(p.Baseline.PassRate, "0.####"));
        Property(xml, "candidate.passRate", ReportText.Number(p.Candidate.PassRate, "0.####"));
        Property(xml, "baseline.costPer1kCalls", p.Baseline.CostPer1kCalls is { } bc ? ReportText.Number(bc, "0.######") : null);
        Property(xml, "candidate.costPer1kCalls", p.Candidate.CostPer1kCalls is { } cc ? ReportText.Number(cc, "0.######") : null);
        Property(xml, "pValue", p.PValue is { } pv ? ReportText.Number(pv, "0.####") : null);
        Property(xml, "mode", run.Provenance.Mode);
        Property(xml, "commit", run.Provenance.Commit);
        Property(xml, "baseline.ref", run.Provenance.BaselineRef);
        xml.WriteEndElement();

        foreach (var c in cases)
        {
            WriteCase(xml, p, c);
        }

        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, PromptComparison p, CaseComparison c)
    {
        xml.WriteStartElement("testcase");
        Attr(xml, "classname", p.PromptId);
        Attr(xml, "name", c.CaseId);
        xml.WriteAttributeString("time", Seconds(c.Candidate?.LatencyMs ?? 0));
        var baselineNote = "baseline: " + ReportText.Status(c.Baseline?.Status);
        switch (Kind(c))
        {
            case Outcome.Missing:
                xml.WriteStartElement("failure");
                Attr(xml, "message", "removed from the candidate dataset: a missing case is not a passing case (" + baselineNote + ")");
                xml.WriteAttributeString("type", "MissingCase");
                Text(xml, "The case is in the baseline dataset but not in the candidate's.\n" + baselineNote);
                xml.WriteEndElement();
                break;
            case Outcome.Failure:
            case Outcome.Error:
                var reasons = ReportText.FailureReasons(c.Candidate).ToList();
                var isError = Kind(c) == Outcome.Error;
                xml.WriteStartElement(isError ? "error" : "failure");
                Attr(xml, "message", (reasons.Count > 0 ? ReportText.Truncate(reasons[0], 500) : isError ? "errored" : "failed") + " (" + baselineNote + ")");
                xml.WriteAttributeString("type", isError ? "EvalError" : IsRegression(c) ? "Regression" : "ScorerFailure");
                Text(xml, string.Join("\n", reasons.Append(baselineNote)));
                xml.WriteEndElement();
                break;
        }

        if (c.Candidate?.Output is { } output)
        {
            xml.WriteStartElement("system-out");
            Text(xml, ReportText.Truncate(ReportText.Clean(output), 4000));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static bool IsRegression(CaseComparison c) => ReportText.IsRegression(c);

    internal static void Property(XmlWriter xml, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        Attr(xml, "value", value);
        xml.WriteEndElement();
    }

    internal static void Attr(XmlWriter xml, string name, string? value) =>
        xml.WriteAttributeString(name, ReportText.Clean(value, keepNewlines: false));

    internal static void Text(XmlWriter xml, string? value) => xml.WriteString(ReportText.Clean(value));

    private static string Seconds(double ms) => ReportText.Number(ms / 1000.0, "0.000");

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
