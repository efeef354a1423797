using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// A compilation of a test source against the same references as <see cref="Verifier{TAnalyzer}"/>, for tests that
/// look at symbols or run analyzers without expected diagnostics (broken code that must not crash a rule).
/// </summary>
public static class TestCompilation
{
    public static async Task<Compilation> CreateAsync(string source)
    {
        var references = (await TestReferences.Assemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false))
            .AddRange(TestReferences.Runtime);
        return CSharpCompilation.Create(
            "TestProject",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/0/Test0.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>Runs the analyzers over the source, compiling or not, and fails on any analyzer exception (AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, ImmutableArray<DiagnosticAnalyzer> analyzers, params TestAdditionalText[] additionalFiles)
    {
        var compilation = await CreateAsync(source).ConfigureAwait(false);
        var options = new AnalyzerOptions(additionalFiles.Select(f => (AdditionalText)new Additional(f)).ToImmutableArray());
        var diagnostics = await compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        var crash = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
        if (crash != null)
        {
            throw new Xunit.Sdk.XunitException("An analyzer threw: " + crash.GetMessage() + "\n\n" + source);
        }

        return diagnostics;
    }

    private sealed class Additional(TestAdditionalText file) : AdditionalText
    {
        public override string Path => file.Path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(file.Text);
    }
}
