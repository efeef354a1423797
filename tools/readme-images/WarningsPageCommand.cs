namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>The build's analyzer findings as an IDE error list, plus the code fix of the first finding of one rule.</summary>
internal static class WarningsPageCommand
{
    public static async Task RunAsync(CommandLineOptions options)
    {
        var log = options.ExistingFile("log");
        var items = BuildItems.Read(options.ExistingFile("items"));
        var output = options.Required("out");
        // The analyzer rules only: the same build also reports the prompt task's LLMP codes.
        var codes = options.Optional("codes", @"LLM\d{3}");
        var fixCode = options.Optional("fix", "LLM002");

        var findings = BuildDiagnostic.Parse(File.ReadLines(log), codes);
        if (findings.Count == 0)
        {
            throw new InputException($"--log: {log} has no warnings whose code matches {codes}. Was it built with -p:ShowAnalyzerDemo=true and a file logger (-flp)?");
        }

        // The sample's demo file has one finding per rule; a missing one means the demo or a rule changed.
        var missing = Enumerable.Range(1, 8).Select(n => $"LLM{n:000}").Except(findings.Select(f => f.Code)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"readme-images: warning: the log has no finding of {string.Join(", ", missing)}.");
        }

        var target = findings.FirstOrDefault(d => d.Code == fixCode)
            ?? throw new InputException($"--log: {log} has no {fixCode} finding to show the code fix of.");
        var preview = await CodeFixPreview.ApplyAsync(items, target);
        AtomicFile.WriteAllText(output, ErrorListPage.Render(findings, items.ProjectDirectory, target, preview));
        Console.WriteLine($"readme-images: {output} ({findings.Count} findings: {string.Join(", ", findings.Select(f => f.Code).Distinct())}; fix: {preview.Title})");
    }
}
