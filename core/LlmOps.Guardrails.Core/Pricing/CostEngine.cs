using System;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>
/// Prices a call in decimal arithmetic. Every token is billed exactly once: cached reads and cache writes
/// are carved out of the input, and reasoning tokens are already inside the output.
/// </summary>
public static class CostEngine
{
    private const decimal Million = 1_000_000m;

    /// <summary>Prices <paramref name="usage"/> for <paramref name="model"/> at the price in force at <paramref name="at"/> (now when null).</summary>
    /// <exception cref="ArgumentException">The usage is inconsistent (see <see cref="TokenUsage.Validate"/>).</exception>
    public static CostBreakdown Calculate(ModelInfo model, TokenUsage usage, DateTimeOffset? at = null)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        return Calculate(model.PriceAt(at), usage);
    }

    /// <summary>Prices <paramref name="usage"/> at <paramref name="price"/>.</summary>
    public static CostBreakdown Calculate(ModelPrice price, TokenUsage usage)
    {
        if (price is null)
        {
            throw new ArgumentNullException(nameof(price));
        }

        usage.Validate();

        // Long-context tiers are chosen by the request's whole input, cached parts included.
        var tierBasis = usage.InputTokens;
        var input = price.Input.RateFor(tierBasis);
        var cachedRead = price.CachedInput?.RateFor(tierBasis) ?? input;
        var write5m = price.CacheWrite5m?.RateFor(tierBasis) ?? input;
        var write1h = price.CacheWrite1h?.RateFor(tierBasis) ?? write5m;

        return new CostBreakdown
        {
            InputCost = usage.UncachedInputTokens * input / Million,
            CachedInputCost = usage.CachedInputTokens * cachedRead / Million,
            CacheWriteCost = ((usage.CacheWrite5mTokens * write5m) + (usage.CacheWrite1hTokens * write1h)) / Million,
            OutputCost = usage.OutputTokens * price.Output.RateFor(tierBasis) / Million,
            RequestCost = (price.PerThousandRequests ?? 0m) / 1000m,
        };
    }
}
