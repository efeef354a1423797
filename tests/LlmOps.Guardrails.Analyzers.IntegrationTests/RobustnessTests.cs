using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>Analyzers run on every keystroke, so they must survive code that does not parse or bind.</summary>
[Trait("Category", "Robustness")]
public sealed class RobustnessTests
{
    private const int VariantCount = 2_000;
    private static readonly string[] Seeds = ["Broken.cs", "Fixed.cs", "Mixed.cs"];

    [Fact]
    public void Seed_sources_compile_against_the_real_sdks_and_trigger_every_rule()
    {
        var analyzers = AnalyzerHost.LoadAnalyzers();
        var ids = new HashSet<string>();
        foreach (var seed in Seeds)
        {
            // Each seed is a consumer of its own (Broken.cs and Fixed.cs declare the same class).
            var compilation = AnalyzerHost.Compilation(Parse(seed), Parse("Attribution.cs"));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join('\n', errors));
            ids.UnionWith(Analyze(compilation, analyzers).Diagnostics.Select(d => d.Id));
        }

        // Proves the analyzers are really loaded and running, so the mutation test below is not vacuous.
        for (var rule = 1; rule <= 7; rule++)
        {
            Assert.Contains($"LLM{rule:000}", ids);
        }
    }

    [Fact]
    public void Seed_models_file_is_read_so_damaging_it_tests_something()
    {
        // "acme-support" exists only in the models file: unknown (LLM004) without it, known with it.
        var source = """
            public static class Support
            {
                public static OpenAI.Chat.ChatClient Client() => new("acme-support", System.Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "");
            }
            """;
        var compilation = AnalyzerHost.Compilation(CSharpSyntaxTree.ParseText(source, AnalyzerHost.ParseOptions, path: "Support.cs"));
        var analyzers = AnalyzerHost.LoadAnalyzers();
        var without = Analyze(compilation, analyzers);
        var with = Analyze(compilation, analyzers, File.ReadAllText(RepositoryPaths.ConsumerSource("llmops.models.yaml")));

        Assert.Contains(without.Diagnostics, d => d.Id == "LLM004");
        Assert.Empty(with.Exceptions);
        Assert.DoesNotContain(with.Diagnostics, d => d.Id is "LLM004" or "LLM008");
    }

    [Fact]
    public void No_analyzer_throws_on_broken_or_half_typed_code()
    {
        var analyzers = AnalyzerHost.LoadAnalyzers();
        Assert.NotEmpty(analyzers);
        var seeds = Seeds.Select(f => File.ReadAllText(RepositoryPaths.ConsumerSource(f))).ToArray();
        var baseCompilation = AnalyzerHost.Compilation(Parse("Attribution.cs"));
        var modelsFile = File.ReadAllText(RepositoryPaths.ConsumerSource("llmops.models.yaml"));

        var failures = new ConcurrentBag<string>();
        var llmDiagnostics = 0;
        var broken = 0;
        Parallel.For(0, VariantCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, variant =>
        {
            var source = SourceMutator.Mutate(seeds[variant % seeds.Length], seed: variant);
            var tree = CSharpSyntaxTree.ParseText(source, AnalyzerHost.ParseOptions, path: $"Variant{variant}.cs");
            if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                Interlocked.Increment(ref broken);
            }
            // Every other variant also carries a damaged llmops.models.yaml, the one file the analyzers parse themselves.
            var additional = variant % 2 == 0 ? modelsFile : SourceMutator.MutateText(modelsFile, seed: variant);
            var (diagnostics, exceptions) = Analyze(baseCompilation.AddSyntaxTrees(tree), analyzers, additional);

            foreach (var e in exceptions)
            {
                failures.Add($"variant {variant}: {e}");
            }
            foreach (var d in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add($"variant {variant}: {d}");
            }
            Interlocked.Add(ref llmDiagnostics, diagnostics.Count(d => d.Id.StartsWith("LLM", StringComparison.Ordinal)));
        });

        Assert.True(failures.IsEmpty, $"{failures.Count} analyzer failures, first ones:\n" + string.Join("\n\n", failures.Take(5)));
        Assert.True(llmDiagnostics > 0, "no variant produced any LLM diagnostic: the analyzers did not run");
        // Most variants must really be broken, or the test says nothing about half-typed code.
        Assert.True(broken > VariantCount / 2, $"only {broken} of {VariantCount} variants have syntax errors");
    }

    private static (ImmutableArray<Diagnostic> Diagnostics, List<string> Exceptions) Analyze(
        Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, string? modelsFile = null)
    {
        var exceptions = new List<string>();
        var additionalFiles = modelsFile is null
            ? ImmutableArray<AdditionalText>.Empty
            : [new InMemoryAdditionalText("/consumer/llmops.models.yaml", modelsFile)];
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return (diagnostics, exceptions);
    }

    private static SyntaxTree Parse(string fileName) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(RepositoryPaths.ConsumerSource(fileName)), AnalyzerHost.ParseOptions, path: fileName);

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
