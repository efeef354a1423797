using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using LlmOps.Guardrails.Core.Consistency;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.History;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// <c>dotnet eval history</c>: the candidate's pass rate, cost, latency and output consistency per prompt over the
/// recorded runs, with drift flagged.
/// </summary>
internal static class HistoryCommand
{
    public const string DriftNote = "provider-side drift?";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config", "-c") { Description = "The eval config; the history is .llmops/history.db next to it.", DefaultValueFactory = _ => EvalConfig.DefaultFileName };
        var history = new Option<string?>("--history") { Description = "The history file (overrides the one next to the config)." };
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Only this prompt id." };
        var last = new Option<int?>("--last", "-n") { Description = "Only the last N runs of each prompt." };
        var format = new Option<string>("--format") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command(
            "history",
            "Show the pass-rate, cost, latency and consistency trend per prompt from .llmops/history.db and flag provider-side drift.\n\nExample:\n  dotnet eval history --prompt classify --last 10")
        {
            config, history, prompt, last, format,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(config) ?? EvalConfig.DefaultFileName,
            parseResult.GetValue(history),
            parseResult.GetValue(prompt),
            parseResult.GetValue(last),
            parseResult.GetValue(format) ?? "table",
            output,
            error));
        return command;
    }

    private static int Execute(string configPath, string? historyPath, string? promptId, int? last, string format, TextWriter output, TextWriter error)
    {
        if (last is < 1)
        {
            error.WriteLine("error: --last must be at least 1.");
            return ExitCodes.CouldNotRun;
        }

        string path = Path.GetFullPath(historyPath ?? RunHistoryStore.DefaultPath(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? "."));
        if (!File.Exists(path))
        {
            error.WriteLine($"error: no run history at {path} (`dotnet eval compare` creates it; or pass --history).");
            return ExitCodes.CouldNotRun;
        }

        IReadOnlyList<PromptTrend> trends;
        try
        {
            trends = PromptTrends.Build(RunHistoryStore.Read(path, promptId), last);
        }
        catch (RunHistoryException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitCodes.CouldNotRun;
        }

        if (trends.Count == 0 && promptId is not null)
        {
            error.WriteLine($"error: the history {path} has no runs of prompt '{promptId}'.");
            return ExitCodes.CouldNotRun;
        }

        if (format == "json") WriteJson(trends, output);
        else WriteTables(trends, output);
        return ExitCodes.Success;
    }

    private static void WriteTables(IReadOnlyList<PromptTrend> trends, TextWriter output)
    {
        if (trends.Count == 0)
        {
            output.WriteLine("No runs recorded yet.");
            return;
        }

        foreach (var trend in trends)
        {
            output.WriteLine(trend.PromptId);
            var table = new TextTable("date", "commit", "model", "pass rate", "cost/1k", "p95 ms", "consistency", "note");
            foreach (var point in trend.Points)
            {
                var e = point.Entry;
                table.AddRow(
                    e.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    ShortCommit(e.Commit),
                    e.Model ?? "n/a",
                    (e.PassK * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
                    e.CostPer1kCalls is decimal cost ? "$" + cost.ToString("0.00##", CultureInfo.InvariantCulture) : "n/a",
                    e.LatencyP95Ms.ToString("0.#", CultureInfo.InvariantCulture),
                    Percent(point.Consistency),
                    point.Drift ? DriftNote : string.Empty);
            }

            table.WriteTo(output);
            foreach (var model in trend.Consistency)
            {
                var count = model.Count;
                output.WriteLine(count.Ratio is null
                    ? $"consistency across these runs, {model.Model ?? "n/a"}: n/a (no case answered twice on the same prompt hash)"
                    : $"consistency across these runs, {model.Model ?? "n/a"}: {Percent(count)} ({count.Matching} of {count.Repeated} repeated outputs match their case's usual output)");
            }

            output.WriteLine();
        }
    }

    private static void WriteJson(IReadOnlyList<PromptTrend> trends, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var trend in trends)
            {
                json.WriteStartObject();
                json.WriteString("promptId", trend.PromptId);
                json.WriteStartArray("runs");
                foreach (var point in trend.Points)
                {
                    var e = point.Entry;
                    json.WriteStartObject();
                    json.WriteString("startedAt", e.StartedAt);
                    json.WriteString("commit", e.Commit);
                    json.WriteString("baselineRef", e.BaselineRef);
                    json.WriteString("mode", e.Mode);
                    json.WriteString("model", e.Model);
                    json.WriteString("promptHash", e.PromptHash);
                    json.WriteNumber("cases", e.Cases);
                    json.WriteNumber("passRate", e.PassK);
                    json.WriteNumber("perRunPassRate", e.PassRate);
                    json.WriteNumber("errored", e.Errored);
                    if (e.CostPer1kCalls is decimal cost) json.WriteNumber("costPer1kCalls", cost);
                    else json.WriteNull("costPer1kCalls");
                    json.WriteNumber("latencyP50Ms", e.LatencyP50Ms);
                    json.WriteNumber("latencyP95Ms", e.LatencyP95Ms);
                    json.WriteString("verdict", e.Verdict);
                    WriteConsistency(json, "consistency", point.Consistency);
                    json.WriteBoolean("drift", point.Drift);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("consistency");
                foreach (var model in trend.Consistency)
                {
                    json.WriteStartObject();
                    json.WriteString("model", model.Model);
                    WriteConsistency(json, "acrossRuns", model.Count);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n"));
    }

    /// <summary><c>{ ratio, matching, repeated }</c>, or null when nothing was repeated.</summary>
    private static void WriteConsistency(Utf8JsonWriter json, string name, ConsistencyCount? count)
    {
        if (count is not { Ratio: double ratio } known)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("ratio", ratio);
        json.WriteNumber("matching", known.Matching);
        json.WriteNumber("repeated", known.Repeated);
        json.WriteEndObject();
    }

    private static string Percent(ConsistencyCount? count) =>
        count is { Ratio: double ratio } ? (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string ShortCommit(string? commit) => commit is null ? "n/a" : commit.Length > 12 ? commit[..12] : commit;
}
