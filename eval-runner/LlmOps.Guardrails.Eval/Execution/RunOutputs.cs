using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Reports;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// What compare and merge do with a finished run, in one place so a merged run's outputs are exactly a single run's:
/// write results.json and the reports, append the history, print the headline, the gate's findings and the paths.
/// </summary>
public static class RunOutputs
{
    public const string ResultsFile = "results.json";
    public const string MarkdownFile = "report.md";
    public const string JUnitFile = "report.junit.xml";
    public const string HtmlFile = "report.html";

    /// <summary>
    /// Deletes the four outputs of an earlier run from <paramref name="outFolder"/> (nothing else: the checkpoint of
    /// --resume stays), so a run that fails leaves no results.json that could be read as its own.
    /// </summary>
    public static void ClearPrevious(string outFolder)
    {
        if (!Directory.Exists(outFolder)) return;
        foreach (var name in new[] { ResultsFile, MarkdownFile, JUnitFile, HtmlFile })
        {
            File.Delete(Path.Combine(outFolder, name));
        }
    }

    /// <summary>
    /// Judges the run with <paramref name="policy"/>, attaches the outcome to it and writes the four outputs (each
    /// atomically) from that one run, then prints the headline, the same findings and the paths; returns the outcome.
    /// <paramref name="couldNotRunReason"/> (missing recordings, run errors) makes the outcome exit 3, so the reports
    /// state the exit code the command returns.
    /// </summary>
    public static GateOutcome WriteAndReport(
        EvalRun run, string outFolder, string configDirectory, GatePolicy policy, TextWriter output, TextWriter error, string? couldNotRunReason = null)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        var gate = GateEvaluator.Evaluate(run, policy);
        if (couldNotRunReason is not null) gate = gate.CouldNotRun(couldNotRunReason);
        run = run.WithGate(gate);

        Directory.CreateDirectory(outFolder);
        string resultsPath = Path.Combine(outFolder, ResultsFile);
        string markdownPath = Path.Combine(outFolder, MarkdownFile);
        string junitPath = Path.Combine(outFolder, JUnitFile);
        string htmlPath = Path.Combine(outFolder, HtmlFile);
        EvalRunJson.WriteFile(run, resultsPath);
        var costReport = FindCostReport(configDirectory) is { } costReportPath ? BuildCostReport.Read(costReportPath, run) : null;
        if (costReport is { IsStale: true }) error.WriteLine("warning: " + costReport.StaleNote);
        WriteText(markdownPath, MarkdownReport.Render(run, costReport?.Folded));
        WriteText(junitPath, JUnitReport.Render(run));
        WriteText(htmlPath, HtmlReport.Render(run));

        output.WriteLine(Headline.For(run));
        if (run.Provenance.Shard is { } shard)
        {
            output.WriteLine($"shard {shard}: the gate below judges this shard's cases only; `dotnet eval merge` the shards for the verdict of the whole run.");
        }

        foreach (var finding in gate.Findings)
        {
            var writer = finding.Level == GateLevel.Fail ? error : output;
            writer.WriteLine($"{(finding.Level == GateLevel.Fail ? "gate failed" : "gate warning")}: {finding.Message}");
        }

        output.WriteLine($"results: {resultsPath}");
        output.WriteLine($"report:  {markdownPath}");
        output.WriteLine($"junit:   {junitPath}");
        output.WriteLine($"html:    {htmlPath}");
        return gate;
    }

    /// <summary>Why a compare run is incomplete, in the words the reports show; null when it is complete.</summary>
    public static string? CouldNotRunReason(int cassetteMisses, int errors)
    {
        var parts = new List<string>();
        if (cassetteMisses > 0) parts.Add(cassetteMisses == 1 ? "1 recording missing" : $"{cassetteMisses} recordings missing");
        if (errors > 0) parts.Add(errors == 1 ? "1 run error" : $"{errors} run errors");
        return parts.Count == 0 ? null : string.Join(", ", parts) + " (see the command's output)";
    }

    /// <summary>Appends the run to the history; a failure is a warning on <paramref name="error"/>, never the command's failure.</summary>
    public static void AppendHistory(EvalRun run, string? historyPath, string source, TextWriter error)
    {
        if (historyPath is null) return;
        try
        {
            RunHistoryStore.Append(historyPath, run, source);
        }
        catch (RunHistoryException ex)
        {
            error.WriteLine($"warning: {ex.Message} (the run was not added to the history; use --history <path> or --no-history).");
        }
    }

    /// <summary>The path of the build's newest cost report (obj/**/llmops/cost-report.md) next to the config, when there is one.</summary>
    private static string? FindCostReport(string configDirectory)
    {
        try
        {
            var roots = new List<string> { Path.Combine(configDirectory, "obj") };
            roots.AddRange(Directory.EnumerateDirectories(configDirectory).Select(d => Path.Combine(d, "obj")));
            foreach (string root in roots.Where(Directory.Exists))
            {
                var found = Directory.EnumerateFiles(root, "cost-report.md", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 6 })
                    .Where(f => string.Equals(Path.GetFileName(Path.GetDirectoryName(f)), "llmops", StringComparison.Ordinal))
                    .OrderByDescending(File.GetLastWriteTimeUtc)
                    .FirstOrDefault();
                if (found is not null) return found;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // optional: the report simply has no cost section
        }

        return null;
    }

    private static void WriteText(string path, string text) =>
        AtomicFile.Write(path, stream =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        });
}
