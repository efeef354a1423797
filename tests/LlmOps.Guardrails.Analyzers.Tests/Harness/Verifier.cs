using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>
/// Checks an analyzer against [|...|] markup, and a code fix (one diagnostic or Fix All in the document)
/// against the expected text. Sources must compile before and after a fix.
/// </summary>
public sealed class Verifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public Dictionary<string, string> EditorConfig { get; } = new();

    public List<AdditionalText> AdditionalFiles { get; } = new();

    public string FileName { get; set; } = TestProject.FileName;

    private static ImmutableArray<DiagnosticAnalyzer> Analyzers => ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer());

    private static ImmutableArray<string> Ids => new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).Distinct().ToImmutableArray();

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(string markup)
    {
        var (source, expected) = Markup.Parse(markup);
        var document = TestProject.Create(source, FileName);
        var actual = (await TestProject.AnalyzeAsync(document, Analyzers, Options).ConfigureAwait(false))
            .Where(d => Ids.Contains(d.Id)).ToImmutableArray();
        var defaultId = Ids[0];
        var want = expected.Select(e => $"{e.Id ?? defaultId}@{e.Span}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        var got = actual.Select(d => $"{d.Id}@{d.Location.SourceSpan}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        if (!want.SequenceEqual(got))
        {
            var details = string.Join("\n", actual.Select(d => $"{d.Id}@{d.Location.SourceSpan} '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}': {d.GetMessage()}"));
            Assert.Fail($"Expected [{string.Join(", ", want)}] but got [{string.Join(", ", got)}]\n{details}");
        }

        return actual;
    }

    public Task VerifyAsync(string markup) => DiagnosticsAsync(markup);

    /// <summary>Applies the first fix offered for the first diagnostic and compares the document.</summary>
    public async Task VerifyFixAsync<TFix>(string markup, string expected)
        where TFix : CodeFixProvider, new()
    {
        var (source, _) = Markup.Parse(markup);
        await DiagnosticsAsync(markup).ConfigureAwait(false);
        var document = TestProject.Create(source, FileName);
        var diagnostic = (await TestProject.AnalyzeAsync(document, Analyzers, Options).ConfigureAwait(false)).First(d => Ids.Contains(d.Id));
        var fix = new TFix();
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None)).ConfigureAwait(false);
        Assert.True(actions.Count > 0, "No code fix was offered.");
        await CheckAppliedAsync(document, actions[0], expected).ConfigureAwait(false);
    }

    /// <summary>Asserts that no fix is offered for the first diagnostic.</summary>
    public async Task VerifyNoFixAsync<TFix>(string markup)
        where TFix : CodeFixProvider, new()
    {
        var (source, _) = Markup.Parse(markup);
        await DiagnosticsAsync(markup).ConfigureAwait(false);
        var document = TestProject.Create(source, FileName);
        var diagnostic = (await TestProject.AnalyzeAsync(document, Analyzers, Options).ConfigureAwait(false)).First(d => Ids.Contains(d.Id));
        var actions = new List<CodeAction>();
        await new TFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None)).ConfigureAwait(false);
        Assert.Empty(actions);
    }

    /// <summary>Fix All in the document through the provider's FixAllProvider.</summary>
    public async Task VerifyFixAllAsync<TFix>(string markup, string expected)
        where TFix : CodeFixProvider, new()
    {
        var (source, _) = Markup.Parse(markup);
        await DiagnosticsAsync(markup).ConfigureAwait(false);
        var document = TestProject.Create(source, FileName);
        var diagnostics = (await TestProject.AnalyzeAsync(document, Analyzers, Options).ConfigureAwait(false)).Where(d => Ids.Contains(d.Id)).ToImmutableArray();
        var fix = new TFix();
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None)).ConfigureAwait(false);
        Assert.True(actions.Count > 0, "No code fix was offered.");
        var context = new FixAllContext(document, fix, FixAllScope.Document, actions[0].EquivalenceKey, fix.FixableDiagnosticIds, new Provider(diagnostics), CancellationToken.None);
        var fixAll = await fix.GetFixAllProvider()!.GetFixAsync(context).ConfigureAwait(false);
        Assert.NotNull(fixAll);
        await CheckAppliedAsync(document, fixAll!, expected).ConfigureAwait(false);
    }

    private AnalyzerOptions Options => TestProject.Options(EditorConfig, AdditionalFiles);

    private async Task CheckAppliedAsync(Document document, CodeAction action, string expected)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var changed = solution.GetDocument(document.Id)!;
        var text = (await changed.GetTextAsync().ConfigureAwait(false)).ToString();
        Assert.Equal(expected.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));

        // The fixed source must still compile.
        await TestProject.AnalyzeAsync(changed, Analyzers, Options).ConfigureAwait(false);
    }

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }
}
