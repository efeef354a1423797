using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// Analyzer and code-fix checks on Microsoft.CodeAnalysis.Testing: [|...|] and {|LLM00x:...|} markup, the
/// .editorconfig keys and additional files of a test, and sources that must compile before and after a fix.
/// </summary>
public sealed class Verifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The default name of the test source.</summary>
    public const string DefaultFileName = "Test0.cs";

    /// <summary>.editorconfig keys for the test source ([*.cs]); llmops.analysis_date is set unless given.</summary>
    public Dictionary<string, string> EditorConfig { get; } = new();

    public List<TestAdditionalText> AdditionalFiles { get; } = new();

    public string FileName { get; set; } = DefaultFileName;

    /// <summary>Checks the markup and returns this analyzer's diagnostics, ordered by position, for further assertions.</summary>
    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string markup)
    {
        var test = new AnalyzerTest();
        Configure(test, test.TestState, markup);
        await test.RunAsync().ConfigureAwait(false);
        return test.Diagnostics;
    }

    public Task VerifyAsync(string markup) => DiagnosticsAsync(markup);

    /// <summary>
    /// Applies the fix to the diagnostics in the markup, one at a time, and through Fix All in the document; both must
    /// give the expected text, which must compile and have none of the analyzer's diagnostics left unless marked.
    /// </summary>
    public Task VerifyFixAsync<TFix>(string markup, string expected)
        where TFix : CodeFixProvider, new() => RunFixAsync<TFix>(markup, expected);

    /// <summary>Asserts that the fix offers nothing for the diagnostics in the markup.</summary>
    public Task VerifyNoFixAsync<TFix>(string markup)
        where TFix : CodeFixProvider, new() => RunFixAsync<TFix>(markup, null);

    /// <summary>The same checks as <see cref="VerifyFixAsync{TFix}"/>, for markup with several diagnostics.</summary>
    public Task VerifyFixAllAsync<TFix>(string markup, string expected)
        where TFix : CodeFixProvider, new() => RunFixAsync<TFix>(markup, expected);

    private async Task RunFixAsync<TFix>(string markup, string? expected)
        where TFix : CodeFixProvider, new()
    {
        // A test has one document: Fix All in the project and in the solution would repeat Fix All in the document.
        var test = new CodeFixTest<TFix> { CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck };
        Configure(test, test.TestState, markup);
        if (expected is null)
        {
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            test.FixedState.Sources.Add((Path(), markup));
        }
        else
        {
            test.FixedState.Sources.Add((Path(), expected));
        }

        test.FixedState.InheritanceMode = StateInheritanceMode.AutoInheritAll;
        await test.RunAsync().ConfigureAwait(false);
    }

    private void Configure<TTest>(TTest test, SolutionState state, string markup)
        where TTest : AnalyzerTest<DefaultVerifier>
    {
        test.ReferenceAssemblies = TestReferences.Assemblies;
        // The rules skip generated code themselves (GeneratedCodeTests), and #pragma suppression is the compiler's.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck;
        state.AdditionalReferences.AddRange(TestReferences.Runtime);
        state.Sources.Add((Path(), markup));
        state.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfigText()));
        foreach (var file in AdditionalFiles)
        {
            state.AdditionalFiles.Add((file.Path, file.Text));
        }
    }

    private string Path() => "/0/" + FileName;

    private string EditorConfigText()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["llmops.analysis_date"] = TestReferences.AnalysisDate };
        foreach (var pair in EditorConfig)
        {
            values[pair.Key] = pair.Value;
        }

        var text = new StringBuilder("root = true\n\n[*.cs]\n");
        foreach (var pair in values)
        {
            text.Append(pair.Key).Append(" = ").Append(pair.Value).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The analyzer's first descriptor stands for [|...|] (rules with one id and two severities).</summary>
    private static DiagnosticDescriptor? FirstDescriptor(DiagnosticAnalyzer[] analyzers) =>
        analyzers.FirstOrDefault()?.SupportedDiagnostics.FirstOrDefault();

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        private CompilationWithAnalyzers? last;

        /// <summary>This analyzer's diagnostics from the last analysis of the test source.</summary>
        public ImmutableArray<Diagnostic> Diagnostics { get; private set; }

        public new async Task RunAsync(CancellationToken cancellationToken = default)
        {
            await base.RunAsync(cancellationToken).ConfigureAwait(false);
            var ids = new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet();
            Diagnostics = (await last!.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false))
                .Where(d => ids.Contains(d.Id))
                .OrderBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
        }

        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => FirstDescriptor(analyzers);

        protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken) =>
            last = base.CreateCompilationWithAnalyzers(compilation, analyzers, options, cancellationToken);
    }

    private sealed class CodeFixTest<TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) => FirstDescriptor(analyzers);
    }
}
