using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>
/// A price in USD per million tokens, optionally stepping up once a request's input passes a threshold
/// (long-context pricing). When a tier applies, it applies to every token of that kind in the request.
/// </summary>
public sealed class TieredRate
{
    public TieredRate(decimal basePerMillion, IReadOnlyList<PriceTier>? tiers = null)
    {
        if (basePerMillion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(basePerMillion), "A price cannot be negative.");
        }

        BasePerMillion = basePerMillion;
        Tiers = tiers ?? Array.Empty<PriceTier>();
    }

    /// <summary>USD per million tokens below the first tier.</summary>
    public decimal BasePerMillion { get; }

    /// <summary>Tiers in ascending order of <see cref="PriceTier.StartInputTokens"/>.</summary>
    public IReadOnlyList<PriceTier> Tiers { get; }

    public static implicit operator TieredRate(decimal basePerMillion) => new(basePerMillion);

    /// <summary>The per-million rate for a request whose total input is <paramref name="totalInputTokens"/>.</summary>
    public decimal RateFor(long totalInputTokens)
    {
        // Indexed, not foreach: an enumerator over the interface is an allocation on every priced request.
        var rate = BasePerMillion;
        var tiers = Tiers;
        for (var i = 0; i < tiers.Count; i++)
        {
            if (totalInputTokens > tiers[i].StartInputTokens)
            {
                rate = tiers[i].PerMillion;
            }
        }

        return rate;
    }
}

/// <summary>A long-context step: from <see cref="StartInputTokens"/> input tokens on, <see cref="PerMillion"/> applies.</summary>
public readonly struct PriceTier
{
    public PriceTier(long startInputTokens, decimal perMillion)
    {
        StartInputTokens = startInputTokens;
        PerMillion = perMillion;
    }

    public long StartInputTokens { get; }

    public decimal PerMillion { get; }
}
