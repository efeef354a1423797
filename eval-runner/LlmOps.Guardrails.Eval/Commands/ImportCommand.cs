using System.CommandLine;
using System.IO;
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
        var command = new Command("import", "Import a test suite written for another tool.\n\nExample:\n  dotnet eval import promptfoo promptfooconfig.yaml --out eval");
        var promptfoo = new Command("promptfoo", "Import a promptfoo config (prompts, providers, tests, defaultTest) as an llmops.eval.yaml, prompt files, datasets and import-report.md. Exit 0: complete; 2: imported with gaps (see the report); 3: the config cannot be read.\n\nExample:\n  dotnet eval import promptfoo promptfooconfig.yaml --out eval");
        var config = new Argument<string>("config") { Description = "The promptfoo config, e.g. promptfooconfig.yaml." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Output folder. Default: the promptfoo config's folder." };
        promptfoo.Add(config);
        promptfoo.Add(outDir);
        promptfoo.SetAction(parseResult => Run(parseResult.GetValue(config)!, parseResult.GetValue(outDir), output, error));
        command.Add(promptfoo);
        return command;
    }

    public static int Run(string configPath, string? outDir, TextWriter output, TextWriter error) =>
        PromptfooImport.Run(configPath, Path.GetFullPath(outDir ?? Path.GetDirectoryName(Path.GetFullPath(configPath))!), output, error);
}
