using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>The lines around a finding before and after its code fix, and the fix's title as the light bulb shows it.</summary>
/// <param name="LeadingContext">Unchanged lines at the start of <paramref name="Before"/> and <paramref name="After"/>.</param>
/// <param name="TrailingContext">Unchanged lines at their end.</param>
/// <param name="Squiggle">The finding's span in the original file (0-based lines and columns, end exclusive).</param>
internal sealed record FixPreview(
    string File, string Title, int FirstLine, IReadOnlyList<string> Before, IReadOnlyList<string> After, int LeadingContext, int TrailingContext,
    FileLinePositionSpan Squiggle);

/// <summary>
/// Applies the real LLM002 code fix (the product's analyzer and code-fix assemblies) to the finding the build
/// reported, in a Roslyn AdhocWorkspace rebuilt from the build's own items, as the IDE's light bulb would.
/// </summary>
internal static class CodeFixPreview
{
    private const int ContextLines = 2;

    public static async Task<FixPreview> ApplyAsync(BuildItems items, BuildDiagnostic target)
    {
        var analyzer = new MissingOutputCapAnalyzer();
        var fix = new AddOutputCapCodeFixProvider();
        if (!fix.FixableDiagnosticIds.Contains(target.Code, StringComparer.Ordinal))
        {
            throw new UsageException($"Only {string.Join(", ", fix.FixableDiagnosticIds)} can be previewed, not {target.Code}.");
        }

        var project = CreateProject(items);
        var compilation = (await project.GetCompilationAsync())!;
        var analysis = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), project.AnalyzerOptions);
        var findings = (await analysis.GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == target.Code).ToList();
        var targetPath = Path.GetFullPath(target.File, items.ProjectDirectory);
        var diagnostic = findings.FirstOrDefault(d =>
                d.Location.SourceTree?.FilePath == targetPath && d.Location.GetLineSpan().StartLinePosition.Line + 1 == target.Line)
            ?? throw new InputException(
                $"The workspace does not reproduce {target.Code} at {target.File}({target.Line},{target.Column}); it found {findings.Count} "
                + $"{target.Code} finding(s). Are the items from the same build as the log?");

        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        if (actions.Count == 0)
        {
            throw new InputException($"No code fix is offered for {target.Code} at {target.File}({target.Line},{target.Column}).");
        }

        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var before = Lines(await document.GetTextAsync());
        var after = Lines(await changed.GetTextAsync());
        return Window(targetPath, actions[0].Title, before, after) with { Squiggle = diagnostic.Location.GetLineSpan() };
    }

    private static Project CreateProject(BuildItems items)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var nullable = items.Nullable.ToLowerInvariant() switch
        {
            "enable" => NullableContextOptions.Enable,
            "warnings" => NullableContextOptions.Warnings,
            "annotations" => NullableContextOptions.Annotations,
            _ => NullableContextOptions.Disable,
        };
        var missing = items.References.Where(r => !File.Exists(r)).ToList();
        if (missing.Count > 0)
        {
            throw new InputException($"--items: {missing.Count} reference(s) do not exist, e.g. {missing[0]}; build the project first.");
        }

        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "Demo", "Demo", LanguageNames.CSharp,
            filePath: Path.Combine(items.ProjectDirectory, "Demo.csproj"),
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: items.Defines),
            metadataReferences: items.References.Select(r => MetadataReference.CreateFromFile(r))));
        foreach (var path in items.Compile.Where(File.Exists))
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), Read(path), filePath: path);
        }

        foreach (var path in items.AdditionalFiles.Where(File.Exists))
        {
            solution = solution.AddAdditionalDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), Read(path), filePath: path);
        }

        // The .editorconfig files and the SDK's generated one carry the rule options (llmops.default_max_output_tokens).
        foreach (var path in items.EditorConfigFiles.Where(File.Exists))
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), Read(path), filePath: path);
        }

        return solution.GetProject(projectId)!;
    }

    private static SourceText Read(string path) => SourceText.From(File.ReadAllText(path));

    private static string[] Lines(SourceText text) => text.ToString().ReplaceLineEndings("\n").Split('\n');

    /// <summary>The changed lines (common head and tail trimmed) with a little context either side.</summary>
    private static FixPreview Window(string file, string title, string[] before, string[] after)
    {
        var head = 0;
        while (head < before.Length && head < after.Length && before[head] == after[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head && before[^(tail + 1)] == after[^(tail + 1)])
        {
            tail++;
        }

        var start = Math.Max(0, head - ContextLines);
        var beforeEnd = Math.Min(before.Length, before.Length - tail + ContextLines);
        var afterEnd = Math.Min(after.Length, after.Length - tail + ContextLines);
        return new FixPreview(file, title, start + 1, before[start..beforeEnd], after[start..afterEnd], head - start, beforeEnd - (before.Length - tail), default);
    }
}
