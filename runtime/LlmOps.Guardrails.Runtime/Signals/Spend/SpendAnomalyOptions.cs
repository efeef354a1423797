using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// How unusual spend must be to raise a <see cref="SpendAnomaly"/>. The defaults suit spend of a few dollars an hour
    /// per key or more; lower <see cref="MinimumExcessUsd"/> for smaller traffic. The in-memory observer and the
    /// PostgreSQL ledger apply the same rules.
    /// </summary>
    public sealed class SpendAnomalyOptions
    {
        /// <summary>The dimensions checked; <see cref="SpendDimension.Global"/> is left out by default (its keys already cover it).</summary>
        public IReadOnlyList<SpendDimension> Dimensions { get; set; } = new[]
        {
            SpendDimension.Feature, SpendDimension.Team, SpendDimension.Model, SpendDimension.Tenant, SpendDimension.User,
        };

        /// <summary>How many standard deviations above the baseline count as an anomaly. Default 4.</summary>
        public double ZThreshold { get; set; } = 4.0;

        /// <summary>The least spend above the baseline (USD, in the compared span) that may raise an anomaly. Default $1.</summary>
        public decimal MinimumExcessUsd { get; set; } = 1m;

        /// <summary>
        /// The standard deviation of an hour's spend is never taken below this fraction of the baseline mean (default
        /// 0.25): a baseline estimated from a few weeks would otherwise make an ordinary busy hour look like a spike.
        /// </summary>
        public double HourNoiseFloor { get; set; } = 0.25;

        /// <summary>
        /// The same floor for 24 hours' spend (default 0.10): a day's total varies less than its hours do, so a slow drift
        /// shows in it sooner.
        /// </summary>
        public double DayNoiseFloor { get; set; } = 0.10;

        /// <summary>Earlier weeks in the seasonal (hour-of-week) baseline. Default 4.</summary>
        public int SeasonalWeeks { get; set; } = 4;

        /// <summary>Earlier weeks the seasonal baseline needs before it is used (before that, the last 24 hours are). Default 2.</summary>
        public int MinimumSeasonalWeeks { get; set; } = 2;

        /// <summary>Weight of the most recent sample in the EWMA baselines (older ones decay by 1 − alpha each). Default 0.3.</summary>
        public double Alpha { get; set; } = 0.3;

        /// <summary>Earlier days in the 24-hour drift baseline. Default 7.</summary>
        public int DriftDays { get; set; } = 7;

        /// <summary>Earlier days the drift baseline needs before it is used. Default 3.</summary>
        public int MinimumDriftDays { get; set; } = 3;

        /// <summary>The most keys tracked per dimension in one process; calls for further keys are not checked. Default 10,000.</summary>
        public int MaxKeysPerDimension { get; set; } = 10_000;

        /// <summary>Hours of history a series needs for every comparison.</summary>
        internal int LookbackHours => Math.Max(SeasonalWeeks * 168, ((DriftDays + 1) * 24) - 1);

        internal void Validate()
        {
            if (ZThreshold <= 0 || double.IsNaN(ZThreshold)) throw new ArgumentOutOfRangeException(nameof(ZThreshold), ZThreshold, "The z threshold must be positive.");
            if (MinimumExcessUsd < 0m) throw new ArgumentOutOfRangeException(nameof(MinimumExcessUsd), MinimumExcessUsd, "The minimum excess cannot be negative.");
            if (HourNoiseFloor < 0 || double.IsNaN(HourNoiseFloor)) throw new ArgumentOutOfRangeException(nameof(HourNoiseFloor));
            if (DayNoiseFloor < 0 || double.IsNaN(DayNoiseFloor)) throw new ArgumentOutOfRangeException(nameof(DayNoiseFloor));
            if (Alpha <= 0 || Alpha > 1 || double.IsNaN(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "Alpha must be in (0, 1].");
            if (SeasonalWeeks < 1 || MinimumSeasonalWeeks < 1) throw new ArgumentOutOfRangeException(nameof(SeasonalWeeks), "The seasonal baseline needs at least one week.");
            if (DriftDays < 1 || MinimumDriftDays < 1) throw new ArgumentOutOfRangeException(nameof(DriftDays), "The drift baseline needs at least one day.");
            if (MinimumSeasonalWeeks > SeasonalWeeks)
            {
                throw new ArgumentOutOfRangeException(nameof(MinimumSeasonalWeeks), MinimumSeasonalWeeks, $"More than the {SeasonalWeeks} SeasonalWeeks kept: the seasonal baseline would never be used.");
            }

            if (MinimumDriftDays > DriftDays)
            {
                throw new ArgumentOutOfRangeException(nameof(MinimumDriftDays), MinimumDriftDays, $"More than the {DriftDays} DriftDays kept: the drift baseline would never be used.");
            }
            if (MaxKeysPerDimension < 1) throw new ArgumentOutOfRangeException(nameof(MaxKeysPerDimension));
            if (Dimensions is null) throw new ArgumentNullException(nameof(Dimensions));
        }
    }
}
