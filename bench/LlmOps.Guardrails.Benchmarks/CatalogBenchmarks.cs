using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// Catalog lookups: every analyzer diagnostic, build-task cost line and runtime call resolves a model id,
/// so a hit must cost nanoseconds and allocate nothing; a miss pays for its typo suggestion.
/// </summary>
[MemoryDiagnoser]
public class CatalogLookupBenchmarks
{
    private ModelCatalog _catalog = null!;

    [GlobalSetup]
    public void Setup() => _catalog = ModelCatalog.Default;

    [Benchmark(Baseline = true)]
    public ModelInfo? ExactId() => _catalog.Lookup("gpt-4o-2024-08-06").Model;

    [Benchmark]
    public ModelInfo? PrefixedAliasOtherCase() => _catalog.Lookup("OpenAI/GPT-4o").Model;

    [Benchmark]
    public ModelInfo? AlternateId() => _catalog.Lookup("vertex_ai/claude-sonnet-4-5@20250929").Model;

    [Benchmark]
    public ModelInfo? FineTune() => _catalog.Lookup("ft:gpt-4o-mini-2024-07-18:acme:bot:abc123").Model;

    [Benchmark]
    public string? MissWithSuggestion() => _catalog.Lookup("gpt-4o-2024-08-07").Suggestion;

    [Benchmark]
    public string? MissFarOff() => _catalog.Lookup("llama-3.1-405b-instruct").Suggestion;

    [Benchmark]
    public bool TryGetMiss() => _catalog.TryGet("llama-3.1-405b-instruct", out _);
}

/// <summary>
/// Parsing the embedded catalog. The cold-start job runs each measurement in a fresh process, so it
/// includes JIT and YamlDotNet's first use: what the first <see cref="ModelCatalog.Default"/> access costs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 15, warmupCount: 0, iterationCount: 1, id: "ColdStart")]
[SimpleJob(RunStrategy.Throughput, id: "Warm")]
public class CatalogLoadBenchmarks
{
    [Benchmark]
    public int LoadBuiltIn() => ModelCatalog.LoadBuiltIn().Models.Count;
}
