using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Runtime.Cost;

namespace LlmOps.Guardrails.Runtime.Tests.Cost;

/// <summary>ChatCost.Of sums the parts without building a breakdown: it must agree with the breakdown to the last digit.</summary>
public class ChatCostTotalTests
{
    private static readonly TokenUsage[] Usages =
    {
        new() { InputTokens = 420, OutputTokens = 3 },
        new() { InputTokens = 10_000, CachedInputTokens = 6_000, CacheWrite5mTokens = 1_500, CacheWrite1hTokens = 500, OutputTokens = 900, ReasoningTokens = 400 },
        // Past every long-context threshold in the catalog (200k and 128k tiers).
        new() { InputTokens = 450_000, CachedInputTokens = 100_000, OutputTokens = 8_000 },
        new() { InputTokens = 7, OutputTokens = 0 },
    };

    [Fact]
    public void The_total_equals_the_breakdowns_total_for_every_priced_model_of_the_catalog()
    {
        var catalog = ModelCatalog.Default;
        var at = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var compared = 0;
        var tiered = 0;
        foreach (var model in catalog.Models)
        {
            foreach (var usage in Usages)
            {
                var breakdown = ChatCost.Breakdown(usage, model.Id, catalog, at);
                var total = ChatCost.Of(usage, model.Id, catalog, at);
                Assert.Equal(breakdown?.TotalCost, total);
                if (breakdown is not null)
                {
                    compared++;
                    Assert.Equal(breakdown.TotalCost, CostEngine.CalculateTotal(ChatCost.PricedModel(model.Id, catalog, at)!.PriceAt(at), usage));
                }
            }

            if (ChatCost.PricedModel(model.Id, catalog, at)?.PriceAt(at).Input.Tiers.Count > 0)
            {
                tiered++;
            }
        }

        Assert.True(compared > 400, $"only {compared} priced comparisons");
        Assert.True(tiered > 0, "no model with long-context tiers was compared");
    }

    [Fact]
    public void Inconsistent_usage_is_refused_by_the_total_as_by_the_breakdown()
    {
        var price = new ModelPrice { Input = 1m, Output = 2m };
        var bad = new TokenUsage { InputTokens = 10, CachedInputTokens = 20, OutputTokens = 1 };
        Assert.Throws<ArgumentException>(() => CostEngine.Calculate(price, bad));
        Assert.Throws<ArgumentException>(() => CostEngine.CalculateTotal(price, bad));
    }
}
