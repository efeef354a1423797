using System;

namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>A price that applies from <see cref="StartsAt"/> (inclusive) until the next period starts.</summary>
public sealed class PricePeriod
{
    public PricePeriod(DateTimeOffset? startsAt, ModelPrice price)
    {
        StartsAt = startsAt;
        Price = price;
    }

    /// <summary>Null for the first, open-ended period.</summary>
    public DateTimeOffset? StartsAt { get; }

    public ModelPrice Price { get; }
}
