using System;
using System.Globalization;
using LlmOps.Guardrails.Runtime.Budgets;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>Where one budget's spend is heading by the end of its current window.</summary>
    public sealed class BudgetForecast
    {
        internal BudgetForecast(BudgetLimit limit, string? key, DateTimeOffset windowStart, DateTimeOffset windowEnd, decimal spentUsd, decimal projectedUsd, DateTime? crossingDate, bool hasData)
        {
            Limit = limit;
            Key = key;
            WindowStart = windowStart;
            WindowEnd = windowEnd;
            SpentUsd = spentUsd;
            ProjectedUsd = projectedUsd;
            CrossingDate = crossingDate;
            HasData = hasData;
        }

        public BudgetLimit Limit { get; }

        /// <summary>The feature, team or tenant; null for a global budget.</summary>
        public string? Key { get; }

        public DateTimeOffset WindowStart { get; }

        /// <summary>The end of the window (exclusive): the first instant of the next month (or day).</summary>
        public DateTimeOffset WindowEnd { get; }

        /// <summary>Spend in the window so far.</summary>
        public decimal SpentUsd { get; }

        /// <summary>Projected spend at the end of the window (USD, rounded to 6 decimal places).</summary>
        public decimal ProjectedUsd { get; }

        public decimal LimitUsd => Limit.LimitUsd;

        /// <summary>The UTC day on which spend so far plus the projection first exceeds the limit; null when it does not within the window.</summary>
        public DateTime? CrossingDate { get; }

        /// <summary>False when there was no complete day of spend to project from (then the projection is the spend so far).</summary>
        public bool HasData { get; }

        /// <summary>True when the projection exceeds the limit.</summary>
        public bool OverLimit => ProjectedUsd > LimitUsd;

        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture,
            "{0}{1}: projected ${2:0.##} of ${3} by {4:yyyy-MM-dd}{5}",
            Limit,
            Key is null ? string.Empty : " ('" + Key + "')",
            ProjectedUsd,
            LimitUsd,
            WindowEnd.UtcDateTime.AddTicks(-1),
            CrossingDate is { } day ? ", crossing on " + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty);
    }

    /// <summary>Whether the projection went over the limit or came back under it.</summary>
    public enum BudgetForecastAlertKind
    {
        OverLimit,
        BackUnderLimit,
    }

    /// <summary>Raised once when a budget's projection crosses its limit, and once when it crosses back.</summary>
    public sealed record BudgetForecastAlert(BudgetForecastAlertKind Kind, BudgetForecast Forecast);
}
