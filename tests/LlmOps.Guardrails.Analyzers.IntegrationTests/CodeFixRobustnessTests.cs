using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>A light bulb is computed on broken code too: the code fixes must not throw there either.</summary>
[Trait("Category", "Robustness")]
public sealed class CodeFixRobustnessTests
{
    private const int VariantCount = 200;
    private static readonly string[] Seeds = ["Broken.cs", "Mixed.cs"];

    [Fact]
    public async Task No_code_fix_throws_on_broken_or_half_typed_code()
    {
        var analyzers = AnalyzerHost.LoadAnalyzers();
        var providers = LoadCodeFixProviders();
        Assert.NotEmpty(providers);
        var seeds = Seeds.Select(f => File.ReadAllText(RepositoryPaths.ConsumerSource(f))).ToArray();

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Consumer", "Consumer", LanguageNames.CSharp,
            compilationOptions: AnalyzerHost.Compilation().Options,
            parseOptions: AnalyzerHost.ParseOptions,
            metadataReferences: AnalyzerHost.References));
        project = project.AddDocument("Attribution.cs", File.ReadAllText(RepositoryPaths.ConsumerSource("Attribution.cs"))).Project;
        var variantDocument = project.AddDocument("Variant.cs", "");
        var solution = variantDocument.Project.Solution;

        var failures = new ConcurrentBag<string>();
        var fixesApplied = 0;
        await Parallel.ForAsync(0, VariantCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (variant, ct) =>
        {
            // Offset seeds so these variants differ from the analyzer-only test's.
            var source = SourceMutator.Mutate(seeds[variant % seeds.Length], seed: 1_000_000 + variant);
            var document = solution.WithDocumentText(variantDocument.Id, SourceText.From(source)).GetDocument(variantDocument.Id)!;
            var compilation = (await document.Project.GetCompilationAsync(ct))!;
            var tree = (await document.GetSyntaxTreeAsync(ct))!;
            var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync(ct);

            foreach (var diagnostic in diagnostics.Where(d => d.Location.SourceTree == tree))
            {
                foreach (var provider in providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    try
                    {
                        var actions = new List<CodeAction>();
                        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), ct));
                        foreach (var action in actions)
                        {
                            foreach (var operation in await action.GetOperationsAsync(ct))
                            {
                                if (operation is ApplyChangesOperation apply)
                                {
                                    await apply.ChangedSolution.GetDocument(document.Id)!.GetTextAsync(ct);
                                    Interlocked.Increment(ref fixesApplied);
                                }
                            }
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failures.Add($"variant {variant}, {provider.GetType().Name} on {diagnostic}: {e}");
                    }
                }
            }
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} code-fix failures, first ones:\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(fixesApplied > 0, "no code fix was ever offered: the providers did not run");
    }

    private static ImmutableArray<CodeFixProvider> LoadCodeFixProviders() =>
        Assembly.Load(new AssemblyName("LlmOps.Guardrails.Analyzers.CodeFixes")).GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
