namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>What one call costs in USD, by part. The parts add up to <see cref="TotalCost"/> exactly.</summary>
public sealed class CostBreakdown
{
    /// <summary>Days in the month used for projections: a 30-day month, stated so figures are reproducible.</summary>
    public const int DaysPerMonth = 30;

    public decimal InputCost { get; init; }

    public decimal CachedInputCost { get; init; }

    public decimal CacheWriteCost { get; init; }

    public decimal OutputCost { get; init; }

    /// <summary>Per-request fees, where the provider charges them.</summary>
    public decimal RequestCost { get; init; }

    public decimal TotalCost => InputCost + CachedInputCost + CacheWriteCost + OutputCost + RequestCost;

    public decimal PerThousandCalls => TotalCost * 1000m;

    /// <summary>Projected cost of a 30-day month at <paramref name="callsPerDay"/> calls a day.</summary>
    public decimal MonthlyAt(long callsPerDay) => TotalCost * callsPerDay * DaysPerMonth;
}
