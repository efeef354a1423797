using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// The build's <c>cost-report.md</c> as compare (report.md) and comment (the pull-request comment) fold it in. A report
/// built from other prompt files than the ones evaluated would show figures of a prompt that no longer exists, so it is
/// left out and flagged instead. "Other" is decided by the prompt hashes the build recorded in the sibling
/// <c>cost-report.json</c> (<c>prompts[].after.hash</c>) against the run's candidate hashes: the same canonical hash, so
/// a touched but unchanged file is not stale, and a stale report is found even when file times were reset by a checkout.
/// </summary>
public sealed class BuildCostReport
{
    private BuildCostReport(string markdown, IReadOnlyList<string> changedPrompts)
    {
        Markdown = markdown;
        ChangedPrompts = changedPrompts;
    }

    /// <summary>The report as the build wrote it.</summary>
    public string Markdown { get; }

    /// <summary>Prompt ids whose file changed since the build wrote the report; empty when the report is current.</summary>
    public IReadOnlyList<string> ChangedPrompts { get; }

    public bool IsStale => ChangedPrompts.Count > 0;

    /// <summary>The one line that says a stale report was left out, and how to refresh it.</summary>
    public string StaleNote =>
        $"The build cost report (cost-report.md) predates the prompt files it describes ({string.Join(", ", ChangedPrompts)} changed since it was built) "
        + "and was left out; rebuild the project to refresh it.";

    /// <summary>What goes into the report: the build's text, or the stale note in its place.</summary>
    public string Folded => IsStale ? "_" + StaleNote + "_" : Markdown;

    /// <summary>Reads the report at <paramref name="markdownPath"/> and judges it against <paramref name="run"/>; null when it cannot be read.</summary>
    public static BuildCostReport? Read(string markdownPath, EvalRun run)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        string markdown;
        try
        {
            markdown = File.ReadAllText(markdownPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // optional: the report simply has no cost section
        }

        var built = BuiltHashes(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(markdownPath)) ?? ".", "cost-report.json"));
        var changed = run.Prompts
            .Where(p => p.CandidateHash is not null && built.TryGetValue(p.PromptId, out string? hash) && !string.Equals(hash, p.CandidateHash, StringComparison.Ordinal))
            .Select(p => p.PromptId)
            .ToList();
        return new BuildCostReport(markdown, changed);
    }

    /// <summary>
    /// Prompt id → hash of the prompt file the build read, from cost-report.json. Empty when there is none or it cannot be
    /// read (a report from an older build): nothing to judge by, so the report is folded in as before.
    /// </summary>
    private static Dictionary<string, string> BuiltHashes(string jsonPath)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (!File.Exists(jsonPath)) return hashes;
            using var document = JsonDocument.Parse(File.ReadAllText(jsonPath));
            if (!document.RootElement.TryGetProperty("prompts", out var prompts) || prompts.ValueKind != JsonValueKind.Array) return hashes;
            foreach (var prompt in prompts.EnumerateArray())
            {
                if (prompt.ValueKind == JsonValueKind.Object
                    && prompt.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    && prompt.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.Object
                    && after.TryGetProperty("hash", out var hash) && hash.ValueKind == JsonValueKind.String)
                {
                    hashes[id.GetString()!] = hash.GetString()!;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            hashes.Clear();
        }

        return hashes;
    }
}
