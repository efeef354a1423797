using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// Builds a one-project AdhocWorkspace for a test source: the test process's own platform assemblies
/// (TRUSTED_PLATFORM_ASSEMBLIES, which include the real OpenAI, Anthropic and Microsoft.Extensions.AI
/// packages the test project references) plus the source stubs.
/// </summary>
public static class TestProject
{
    public const string FileName = "Test0.cs";

    /// <summary>Lifecycle dates are judged against a fixed day so the tests do not rot as the calendar moves.</summary>
    public const string AnalysisDate = "2026-11-24";

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static Document Create(string source, string fileName = FileName)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "TestProject", "TestProject", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Stubs.cs", SourceText.From(Stubs.Source));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, fileName, SourceText.From(source), filePath: "/src/" + fileName);
        return solution.GetDocument(documentId)!;
    }

    public static AnalyzerOptions Options(IReadOnlyDictionary<string, string>? editorConfig, IEnumerable<AdditionalText>? additionalFiles)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["llmops.analysis_date"] = AnalysisDate };
        foreach (var pair in editorConfig ?? new Dictionary<string, string>())
        {
            values[pair.Key] = pair.Value;
        }

        return new AnalyzerOptions(ImmutableArray.CreateRange(additionalFiles ?? Array.Empty<AdditionalText>()), new TestOptionsProvider(values));
    }

    /// <summary>Compiles the project (failing on any compiler error) and runs the analyzers (failing on AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, bool requireCompiles = true)
    {
        var compilation = (await document.Project.GetCompilationAsync().ConfigureAwait(false))!;
        if (requireCompiles)
        {
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                var text = (await document.GetTextAsync().ConfigureAwait(false)).ToString();
                throw new Xunit.Sdk.XunitException("The test source does not compile:\n" + string.Join("\n", errors) + "\n\n" + text);
            }
        }

        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        var crash = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
        if (crash != null)
        {
            throw new Xunit.Sdk.XunitException("An analyzer threw: " + crash.GetMessage());
        }

        return diagnostics.Where(d => d.Location.IsInSource && d.Location.SourceTree?.FilePath == document.FilePath || !d.Location.IsInSource)
            .OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths
            .Where(p => !Path.GetFileName(p).StartsWith("LlmOps.Guardrails", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
