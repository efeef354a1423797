using System;
using System.Globalization;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>Which comparison found the anomaly.</summary>
    public enum SpendAnomalyKind
    {
        /// <summary>The hour's spend so far against the same hour of the week in earlier weeks (EWMA mean and variance).</summary>
        HourVsSeasonal,

        /// <summary>The hour's spend so far against the 24 hours before it (before the seasonal baseline has enough weeks).</summary>
        HourVsLast24Hours,

        /// <summary>The last 24 hours' spend against the same 24-hour spans of the days before (EWMA): slow drift.</summary>
        DayVsPreviousDays,
    }

    /// <summary>An hour of unusual spend for one dimension value; raised once per dimension, key and hour.</summary>
    /// <param name="Dimension">What spend was grouped by.</param>
    /// <param name="Key">The feature, team, model, tenant or user ("" for global).</param>
    /// <param name="Hour">The UTC start of the hour in which the threshold was crossed.</param>
    /// <param name="Kind">The comparison that crossed it.</param>
    /// <param name="SpendUsd">The spend compared: the hour so far, or the last 24 hours for <see cref="SpendAnomalyKind.DayVsPreviousDays"/>.</param>
    /// <param name="BaselineUsd">What was expected for the same span (the EWMA or 24-hour mean).</param>
    /// <param name="Z">How many (floored) standard deviations <paramref name="SpendUsd"/> is above <paramref name="BaselineUsd"/>.</param>
    public sealed record SpendAnomaly(SpendDimension Dimension, string Key, DateTimeOffset Hour, SpendAnomalyKind Kind, decimal SpendUsd, decimal BaselineUsd, double Z)
    {
        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture,
            "{0} '{1}' spent ${2:0.####} (expected ${3:0.####}, z={4:0.0}, {5}) in the hour from {6:yyyy-MM-ddTHH:mm}Z",
            SpendDimensions.Name(Dimension),
            Key,
            SpendUsd,
            BaselineUsd,
            Z,
            Kind,
            Hour.UtcDateTime);
    }
}
