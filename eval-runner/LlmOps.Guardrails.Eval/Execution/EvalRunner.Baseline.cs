using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>Removed prompts, shard membership and the config's fingerprint.</summary>
public sealed partial class EvalRunner
{
    /// <summary>
    /// Prompt files matched at the baseline commit but gone from the working tree, each with its baseline dataset, so
    /// their cases are run on the baseline and reported as missing on the candidate. A file that was only moved (its
    /// prompt id is still planned) is not removed.
    /// </summary>
    private List<VariantPlan> PlanRemoved(
        IReadOnlyList<string> workingTreeFiles, IEnumerable<string> plannedIds, string repoRoot, string baselineCommit, List<string> errors)
    {
        var removed = new List<VariantPlan>();
        var atBaseline = BaselinePromptFiles.List(config.Directory, baselineCommit, config.Prompts, out string? gitError);
        if (atBaseline is null)
        {
            errors.Add($"error: could not list the prompt files at the baseline {options.BaselineRef} ({gitError}).");
            return removed;
        }

        var present = new HashSet<string>(workingTreeFiles, StringComparer.Ordinal);
        var ids = new HashSet<string>(plannedIds, StringComparer.Ordinal);
        foreach (string path in atBaseline.Where(p => !present.Contains(p)))
        {
            if (!GitBaseline.TryReadFile(repoRoot, baselineCommit, path, out string? text, out _) || text is null) continue;
            var read = PromptFileReader.Read(path, text);
            foreach (var diagnostic in read.Diagnostics.Where(d => d.IsError)) errors.Add($"{diagnostic} (at {options.BaselineRef})");
            if (read.HasErrors || read.Prompt is null || !ids.Add(read.Prompt.Id)) continue;

            var prompt = PromptDefaults.ApplyDefaultModel(read.Prompt, config.DefaultModel, out _);
            removed.Add(NewVariant(prompt, ReadRemovedDataset(prompt, path, repoRoot, baselineCommit, errors)));
        }

        return removed;
    }

    /// <summary>The removed prompt's dataset as committed at the baseline (the working tree's if it is not in git there; none if neither).</summary>
    private EvalDataset ReadRemovedDataset(PromptDefinition prompt, string promptPath, string repoRoot, string baselineCommit, List<string> errors)
    {
        var none = new EvalDataset { Path = promptPath, Format = DatasetFormat.Jsonl, Cases = Array.Empty<EvalCase>() };
        string? datasetPath = config.ResolveDataset(prompt.Id);
        if (datasetPath is null && prompt.Dataset is not null)
        {
            datasetPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(promptPath) ?? ".", prompt.Dataset));
        }

        if (datasetPath is null) return none;
        EvalDatasetResult read;
        if (GitBaseline.TryReadFile(repoRoot, baselineCommit, datasetPath, out string? text, out _) && text is not null)
        {
            read = DatasetReader.Read(datasetPath, text);
        }
        else if (File.Exists(datasetPath))
        {
            read = DatasetReader.ReadFile(datasetPath);
        }
        else
        {
            return none;
        }

        foreach (var diagnostic in read.Diagnostics) errors.Add($"{diagnostic} (at {options.BaselineRef})");
        return read.Succeeded && read.Dataset is not null ? read.Dataset : none;
    }

    private bool InShard(string promptId, string caseId) => options.Shard is not { } shard || shard.Contains(promptId, caseId);

    /// <summary>SHA-256 of the config file's bytes, so shard results from different configs are never merged.</summary>
    internal static string? ConfigFileHash(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
