using System;
using System.IO;
using System.Linq;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// The one promptfoo import, used by <c>import promptfoo</c> and by <c>compare</c> on a promptfoo config: read, map,
/// write atomically, print the summary. Returns the exit code (0 complete, 2 with gaps, 3 unreadable or unwritable).
/// </summary>
internal static class PromptfooImport
{
    public static int Run(string configPath, string outFolder, TextWriter output, TextWriter error, string? cassettes = null, string linePrefix = "")
    {
        var read = PromptfooConfigReader.ReadFile(configPath);
        if (read.Suite is not { } suite)
        {
            foreach (var diagnostic in read.Diagnostics.Take(100)) error.WriteLine(diagnostic.ToString());
            error.WriteLine("nothing was written: fix the errors above and import again.");
            return ExitCodes.CouldNotRun;
        }

        var report = ImportReport.Markdown(suite, Path.GetFileName(configPath));
        try
        {
            foreach (var path in ImportWriter.Write(suite, outFolder, report, cassettes)) output.WriteLine(linePrefix + "wrote " + path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the imported files to {outFolder}: {ex.Message}");
            return ExitCodes.CouldNotRun;
        }

        output.WriteLine(linePrefix + ImportReport.Summary(suite));
        foreach (var entry in suite.Entries.Where(e => e.Outcome != ImportOutcome.Mapped))
        {
            output.WriteLine($"{linePrefix}  {entry.Outcome.ToString().ToLowerInvariant()}: {entry.Subject} {entry.What}: {entry.Detail}");
        }

        if (suite.HasGaps)
        {
            output.WriteLine($"{linePrefix}imported with gaps: see {Path.Combine(outFolder, ImportReport.FileName)}.");
            return ExitCodes.ImportedWithGaps;
        }

        output.WriteLine(linePrefix + "imported completely.");
        return ExitCodes.Success;
    }
}
