using System;

namespace LlmOps.Guardrails.Core.Pricing;

/// <summary>
/// One entry of a model's price history. It applies from <see cref="StartsAt"/> (inclusive) until a later
/// entry takes over, or, for a daily window (DeepSeek's peak/off-peak prices), whenever the UTC time of
/// day falls inside [<see cref="DailyFromUtc"/>, <see cref="DailyUntilUtc"/>).
/// </summary>
public sealed class PricePeriod
{
    public PricePeriod(DateTimeOffset? startsAt, ModelPrice price, TimeSpan? dailyFromUtc = null, TimeSpan? dailyUntilUtc = null)
    {
        if ((dailyFromUtc is null) != (dailyUntilUtc is null))
        {
            throw new ArgumentException("A daily window needs both a start and an end time.");
        }

        if (startsAt is not null && dailyFromUtc is not null)
        {
            throw new ArgumentException("A price period is either dated or a daily window, not both.");
        }

        StartsAt = startsAt;
        Price = price ?? throw new ArgumentNullException(nameof(price));
        DailyFromUtc = dailyFromUtc;
        DailyUntilUtc = dailyUntilUtc;
    }

    /// <summary>Null for the first, open-ended period (and for daily windows).</summary>
    public DateTimeOffset? StartsAt { get; }

    public ModelPrice Price { get; }

    /// <summary>Start of a daily window, as UTC time of day.</summary>
    public TimeSpan? DailyFromUtc { get; }

    /// <summary>End (exclusive) of a daily window, as UTC time of day; a window may wrap past midnight.</summary>
    public TimeSpan? DailyUntilUtc { get; }

    public bool IsDailyWindow => DailyFromUtc is not null;

    /// <summary>True when this period's own condition holds at <paramref name="at"/>.</summary>
    public bool AppliesAt(DateTimeOffset at)
    {
        if (DailyFromUtc is { } from && DailyUntilUtc is { } until)
        {
            var timeOfDay = at.UtcDateTime.TimeOfDay;
            return until < from
                ? timeOfDay >= from || timeOfDay < until
                : timeOfDay >= from && timeOfDay < until;
        }

        return StartsAt is null || at >= StartsAt.Value;
    }
}
