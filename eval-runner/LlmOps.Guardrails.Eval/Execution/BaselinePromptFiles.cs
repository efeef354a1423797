using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// The prompt files the config's globs match at the baseline commit. Compared with the working tree's, this finds the
/// prompts a pull request deleted, which would otherwise vanish from the report without a trace.
/// </summary>
internal static class BaselinePromptFiles
{
    /// <summary>Full paths (as they would be in the working tree) of the matching files at <paramref name="commit"/>; null with the reason when git fails.</summary>
    public static IReadOnlyList<string>? List(string configDirectory, string commit, IEnumerable<string> patterns, out string? error)
    {
        // Run from the config's folder: ls-tree then lists only that folder and prints paths relative to it, which
        // is what the globs are relative to. -z keeps unusual file names unquoted.
        string? listing = GitCli.Run(configDirectory, out error, "ls-tree", "-r", "--name-only", "-z", commit, "--", ".");
        if (listing is null) return null;

        var normalized = patterns
            .Select(p => p.Replace('\\', '/').Trim())
            .Select(p => p.StartsWith("./", StringComparison.Ordinal) ? p.Substring(2) : p)
            .Where(p => p.Length > 0)
            .ToList();
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string relative in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (normalized.Any(pattern => PromptGlob.IsMatch(pattern, relative)))
            {
                result.Add(Path.GetFullPath(Path.Combine(configDirectory, relative)));
            }
        }

        return result.ToArray();
    }
}
