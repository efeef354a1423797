using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Core.Tests.Pricing;

public class CostEngineTests
{
    // Anthropic-shaped prices: input $3, cache read $0.30, 5-minute write $3.75, 1-hour write $6, output $15 per million.
    private static readonly ModelPrice Sonnet = new()
    {
        Input = 3m,
        CachedInput = 0.3m,
        CacheWrite5m = 3.75m,
        CacheWrite1h = 6m,
        Output = 15m,
    };

    [Fact]
    public void Cached_reads_are_carved_out_of_input_not_added_to_it()
    {
        var cost = CostEngine.Calculate(Sonnet, new TokenUsage { InputTokens = 10_000, CachedInputTokens = 8_000 });

        Assert.Equal(2_000 * 3m / 1_000_000m, cost.InputCost);
        Assert.Equal(8_000 * 0.3m / 1_000_000m, cost.CachedInputCost);
        Assert.Equal(0.0084m, cost.TotalCost);
    }

    [Fact]
    public void Cache_writes_are_billed_once_at_their_own_rate()
    {
        var cost = CostEngine.Calculate(Sonnet, new TokenUsage
        {
            InputTokens = 10_000,
            CacheWrite5mTokens = 4_000,
            CacheWrite1hTokens = 1_000,
            CachedInputTokens = 2_000,
        });

        Assert.Equal(3_000 * 3m / 1_000_000m, cost.InputCost);
        Assert.Equal(((4_000 * 3.75m) + (1_000 * 6m)) / 1_000_000m, cost.CacheWriteCost);
        Assert.Equal(2_000 * 0.3m / 1_000_000m, cost.CachedInputCost);
    }

    [Fact]
    public void Reasoning_tokens_are_part_of_output_and_never_billed_twice()
    {
        var withReasoning = CostEngine.Calculate(Sonnet, new TokenUsage { OutputTokens = 1_000, ReasoningTokens = 700 });
        var plain = CostEngine.Calculate(Sonnet, new TokenUsage { OutputTokens = 1_000 });

        Assert.Equal(plain.TotalCost, withReasoning.TotalCost);
        Assert.Equal(0.015m, withReasoning.OutputCost);
    }

    [Fact]
    public void Without_a_cache_price_cached_tokens_cost_plain_input()
    {
        var noCache = new ModelPrice { Input = 2m, Output = 8m };

        var cost = CostEngine.Calculate(noCache, new TokenUsage { InputTokens = 1_000, CachedInputTokens = 600, CacheWrite5mTokens = 100 });

        Assert.Equal(1_000 * 2m / 1_000_000m, cost.TotalCost);
    }

    [Fact]
    public void One_hour_writes_fall_back_to_the_five_minute_rate_when_unpriced()
    {
        var price = new ModelPrice { Input = 1m, CacheWrite5m = 1.25m, Output = 5m };

        var cost = CostEngine.Calculate(price, new TokenUsage { InputTokens = 1_000, CacheWrite1hTokens = 1_000 });

        Assert.Equal(0.00125m, cost.CacheWriteCost);
    }

    [Fact]
    public void Long_context_tier_applies_to_every_token_once_input_passes_the_threshold()
    {
        var tiered = new ModelPrice
        {
            Input = new TieredRate(3m, [new PriceTier(200_000, 6m)]),
            CachedInput = new TieredRate(0.3m, [new PriceTier(200_000, 0.6m)]),
            Output = new TieredRate(15m, [new PriceTier(200_000, 22.5m)]),
        };

        var atThreshold = CostEngine.Calculate(tiered, new TokenUsage { InputTokens = 200_000, OutputTokens = 1_000 });
        var above = CostEngine.Calculate(tiered, new TokenUsage { InputTokens = 200_001, CachedInputTokens = 100_000, OutputTokens = 1_000 });

        Assert.Equal(0.6m + 0.015m, atThreshold.TotalCost);
        Assert.Equal((100_001 * 6m / 1_000_000m) + (100_000 * 0.6m / 1_000_000m) + (1_000 * 22.5m / 1_000_000m), above.TotalCost);
    }

    [Fact]
    public void Price_history_applies_at_the_given_date()
    {
        var model = new ModelInfo
        {
            Id = "o3-2025-04-16",
            Provider = "openai",
            Prices =
            [
                new PricePeriod(null, new ModelPrice { Input = 10m, Output = 40m }),
                new PricePeriod(new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero), new ModelPrice { Input = 2m, Output = 8m }),
            ],
        };
        var usage = new TokenUsage { InputTokens = 1_000_000, OutputTokens = 1_000_000 };

        Assert.Equal(50m, CostEngine.Calculate(model, usage, new DateTimeOffset(2025, 6, 9, 23, 59, 59, TimeSpan.Zero)).TotalCost);
        Assert.Equal(10m, CostEngine.Calculate(model, usage, new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero)).TotalCost);
    }

    [Fact]
    public void Daily_windows_price_peak_and_off_peak_hours()
    {
        var model = new ModelInfo
        {
            Id = "deepseek-chat",
            Provider = "deepseek",
            Prices =
            [
                new PricePeriod(null, new ModelPrice { Input = 0.135m, Output = 0.55m }),
                new PricePeriod(null, new ModelPrice { Input = 0.27m, Output = 1.1m }, TimeSpan.FromMinutes(30), TimeSpan.FromHours(16.5)),
            ],
        };
        var usage = new TokenUsage { InputTokens = 1_000_000 };

        Assert.Equal(0.27m, CostEngine.Calculate(model, usage, new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.Zero)).TotalCost);
        Assert.Equal(0.135m, CostEngine.Calculate(model, usage, new DateTimeOffset(2026, 1, 1, 16, 30, 0, TimeSpan.Zero)).TotalCost);
        Assert.Equal(0.135m, CostEngine.Calculate(model, usage, new DateTimeOffset(2026, 1, 1, 0, 29, 59, TimeSpan.Zero)).TotalCost);
    }

    [Fact]
    public void Projections_scale_the_per_call_cost()
    {
        var cost = CostEngine.Calculate(Sonnet, new TokenUsage { InputTokens = 1_000, OutputTokens = 200 });

        Assert.Equal(0.006m, cost.TotalCost);
        Assert.Equal(6m, cost.PerThousandCalls);
        Assert.Equal(0.006m * 5_000 * 30, cost.MonthlyAt(5_000));
    }

    [Fact]
    public void Per_request_fees_are_added_once_per_call()
    {
        var price = new ModelPrice { Input = 1m, Output = 1m, PerThousandRequests = 5m };

        var cost = CostEngine.Calculate(price, new TokenUsage { InputTokens = 1_000_000 });

        Assert.Equal(0.005m, cost.RequestCost);
        Assert.Equal(1.005m, cost.TotalCost);
    }

    [Theory]
    [InlineData(100, 101, 0, 0, 0, 0)]
    [InlineData(100, 50, 30, 30, 0, 0)]
    [InlineData(100, 0, 0, 0, 10, 11)]
    [InlineData(-1, 0, 0, 0, 0, 0)]
    [InlineData(0, 0, 0, 0, -5, 0)]
    public void Impossible_usage_is_rejected(long input, long cached, long write5m, long write1h, long output, long reasoning)
    {
        var usage = new TokenUsage
        {
            InputTokens = input,
            CachedInputTokens = cached,
            CacheWrite5mTokens = write5m,
            CacheWrite1hTokens = write1h,
            OutputTokens = output,
            ReasoningTokens = reasoning,
        };

        Assert.Throws<ArgumentException>(() => CostEngine.Calculate(Sonnet, usage));
    }

    [Fact]
    public void Usage_adds_field_by_field()
    {
        var a = new TokenUsage { InputTokens = 10, CachedInputTokens = 4, CacheWrite5mTokens = 1, CacheWrite1hTokens = 2, OutputTokens = 7, ReasoningTokens = 3 };

        var sum = a + a;

        Assert.Equal(new TokenUsage { InputTokens = 20, CachedInputTokens = 8, CacheWrite5mTokens = 2, CacheWrite1hTokens = 4, OutputTokens = 14, ReasoningTokens = 6 }, sum);
        Assert.Equal(6, sum.UncachedInputTokens);
    }
}
