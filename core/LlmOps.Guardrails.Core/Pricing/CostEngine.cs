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
        var parts = PartsOf(price, usage);
        return new CostBreakdown
        {
            InputCost = parts.Input,
            CachedInputCost = parts.CachedInput,
            CacheWriteCost = parts.CacheWrite,
            OutputCost = parts.Output,
            RequestCost = parts.Request,
        };
    }

    /// <summary>
    /// The <see cref="CostBreakdown.TotalCost"/> of <see cref="Calculate(ModelPrice, TokenUsage)"/>, to the last digit,
    /// without building the breakdown: for callers that price every request and need only the sum.
    /// </summary>
    /// <exception cref="ArgumentException">The usage is inconsistent (see <see cref="TokenUsage.Validate"/>).</exception>
    public static decimal CalculateTotal(ModelPrice price, TokenUsage usage)
    {
        var parts = PartsOf(price, usage);
        // The same sum, in the same order, as CostBreakdown.TotalCost.
        return parts.Input + parts.CachedInput + parts.CacheWrite + parts.Output + parts.Request;
    }

    private static Parts PartsOf(ModelPrice price, TokenUsage usage)
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

        return new Parts(
            usage.UncachedInputTokens * input / Million,
            usage.CachedInputTokens * cachedRead / Million,
            ((usage.CacheWrite5mTokens * write5m) + (usage.CacheWrite1hTokens * write1h)) / Million,
            usage.OutputTokens * price.Output.RateFor(tierBasis) / Million,
            (price.PerThousandRequests ?? 0m) / 1000m);
    }

    private readonly struct Parts
    {
        public Parts(decimal input, decimal cachedInput, decimal cacheWrite, decimal output, decimal request)
        {
            Input = input;
            CachedInput = cachedInput;
            CacheWrite = cacheWrite;
            Output = output;
            Request = request;
        }

        public decimal Input { get; }

        public decimal CachedInput { get; }

        public decimal CacheWrite { get; }

        public decimal Output { get; }

        public decimal Request { get; }
    }
}
