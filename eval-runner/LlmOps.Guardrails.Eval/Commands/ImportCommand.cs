using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using LlmOps.Guardrails.Eval.Import;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// <c>dotnet eval import promptfoo &lt;promptfooconfig.yaml&gt; [--out dir]</c>: writes a native eval config, prompt files,
/// datasets and an import report. Exit 0 when everything mapped, 2 when something was disabled or not imported, 3 when
/// the config cannot be read.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("import", "Import a test suite written for another tool.");
        var promptfoo = new Command("promptfoo", "Import a promptfoo config (prompts, providers, tests, defaultTest) as an llmops.eval.yaml, prompt files and datasets.");
        var config = new Argument<string>("config") { Description = "The promptfoo config, e.g. promptfooconfig.yaml." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Output folder. Default: the promptfoo config's folder." };
        promptfoo.Add(config);
        promptfoo.Add(outDir);
        promptfoo.SetAction(parseResult => Run(parseResult.GetValue(config)!, parseResult.GetValue(outDir), output, error));
        command.Add(promptfoo);
        return command;
    }

    public static int Run(string configPath, string? outDir, TextWriter output, TextWriter error)
    {
        var read = PromptfooConfigReader.ReadFile(configPath);
        if (read.Suite is not { } suite)
        {
            foreach (var diagnostic in read.Diagnostics.Take(100)) error.WriteLine(diagnostic.ToString());
            error.WriteLine("nothing was written: fix the errors above and import again.");
            return ExitCodes.CouldNotRun;
        }

        var folder = Path.GetFullPath(outDir ?? Path.GetDirectoryName(Path.GetFullPath(configPath))!);
        var report = ImportReport.Markdown(suite, Path.GetFileName(configPath));
        try
        {
            foreach (var path in ImportWriter.Write(suite, folder, report)) output.WriteLine("wrote " + path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the imported files to {folder}: {ex.Message}");
            return ExitCodes.CouldNotRun;
        }

        output.WriteLine(ImportReport.Summary(suite));
        foreach (var entry in suite.Entries.Where(e => e.Outcome != ImportOutcome.Mapped))
        {
            output.WriteLine($"  {entry.Outcome.ToString().ToLowerInvariant()}: {entry.Subject} {entry.What}: {entry.Detail}");
        }

        if (suite.HasGaps)
        {
            output.WriteLine($"imported with gaps: see {Path.Combine(folder, ImportReport.FileName)}.");
            return ExitCodes.ImportedWithGaps;
        }

        output.WriteLine("imported completely.");
        return ExitCodes.Success;
    }
}
