using BenchmarkDotNet.Attributes;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>Pricing one call: what the runtime does after every response, so it must be cheap.</summary>
[MemoryDiagnoser]
public class CostBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private ModelInfo _flat = null!;
    private ModelInfo _tieredWithHistory = null!;
    private TokenUsage _usage;

    [GlobalSetup]
    public void Setup()
    {
        _flat = ModelCatalog.Default.Lookup("gpt-4o-2024-08-06").Model!;
        _tieredWithHistory = ModelCatalog.Default.Lookup("claude-sonnet-4-5-20250929").Model!;
        _usage = new TokenUsage { InputTokens = 12_000, CachedInputTokens = 10_000, CacheWrite5mTokens = 500, OutputTokens = 800, ReasoningTokens = 200 };
    }

    [Benchmark(Baseline = true)]
    public decimal FlatPrice() => CostEngine.Calculate(_flat, _usage, At).TotalCost;

    [Benchmark]
    public decimal TieredPrice() => CostEngine.Calculate(_tieredWithHistory, _usage, At).TotalCost;

    [Benchmark]
    public decimal LookupThenPrice() => CostEngine.Calculate(ModelCatalog.Default.Lookup("openai/GPT-4o-2024-08-06").Model!, _usage, At).TotalCost;
}
