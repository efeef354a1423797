using System;
using System.Globalization;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>Who a budget limits: every call, or the calls of one feature, team or tenant (from the attribution tags).</summary>
    public enum BudgetScope
    {
        Global,
        Feature,
        Team,
        Tenant,
    }

    /// <summary>
    /// A calendar window in UTC: <see cref="Hour"/> starts on the hour, <see cref="Day"/> at 00:00 UTC, <see cref="Month"/>
    /// at 00:00 UTC on the first of the month. Spend resets when a new window starts; there is no rolling window.
    /// </summary>
    public enum BudgetWindow
    {
        Hour,
        Day,
        Month,
    }

    /// <summary>A spending limit in USD for one scope and window.</summary>
    /// <remarks>
    /// <see cref="Key"/> null means "each value of the scope": <c>new BudgetLimit(BudgetScope.Feature, null, BudgetWindow.Day, 10m)</c>
    /// gives every feature its own $10 a day. A limit with a key (<c>"search"</c>) applies to that value only and, for the
    /// same scope and window, takes the place of the keyless one. A <see cref="BudgetScope.Global"/> limit has no key.
    /// </remarks>
    public sealed class BudgetLimit
    {
        public BudgetLimit(BudgetScope scope, string? key, BudgetWindow window, decimal limitUsd)
        {
            if (scope < BudgetScope.Global || scope > BudgetScope.Tenant)
            {
                throw new ArgumentOutOfRangeException(nameof(scope));
            }

            if (window < BudgetWindow.Hour || window > BudgetWindow.Month)
            {
                throw new ArgumentOutOfRangeException(nameof(window));
            }

            if (limitUsd < 0m)
            {
                throw new ArgumentOutOfRangeException(nameof(limitUsd), limitUsd, "A budget limit cannot be negative.");
            }

            key = key is null || key.Trim().Length == 0 ? null : key.Trim();
            if (scope == BudgetScope.Global && key is not null)
            {
                throw new ArgumentException("A global budget has no key.", nameof(key));
            }

            Scope = scope;
            Key = key;
            Window = window;
            LimitUsd = limitUsd;
        }

        public BudgetScope Scope { get; }

        /// <summary>The feature, team or tenant this limit applies to; null for every value of the scope (and for global).</summary>
        public string? Key { get; }

        public BudgetWindow Window { get; }

        public decimal LimitUsd { get; }

        public static BudgetLimit Global(BudgetWindow window, decimal limitUsd) => new(BudgetScope.Global, null, window, limitUsd);

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} budget of ${2}", Describe(Scope, Key ?? "*"), BudgetWindows.Name(Window), LimitUsd);

        internal static string Describe(BudgetScope scope, string? key) =>
            scope == BudgetScope.Global ? "global" : BudgetWindows.Name(scope) + " '" + key + "'";
    }

    /// <summary>One row of spend: a scope value in one window. Spend and reservations are counted per bucket.</summary>
    /// <param name="Scope">The scope.</param>
    /// <param name="Key">The feature, team or tenant (never null except for <see cref="BudgetScope.Global"/>).</param>
    /// <param name="Window">The window kind.</param>
    /// <param name="WindowStart">The UTC start of the window (see <see cref="BudgetWindows.StartOf"/>).</param>
    public readonly record struct BudgetBucket(BudgetScope Scope, string? Key, BudgetWindow Window, DateTimeOffset WindowStart)
    {
        /// <summary>The bucket of <paramref name="limit"/> for <paramref name="key"/> in the window that contains <paramref name="at"/>.</summary>
        public static BudgetBucket For(BudgetLimit limit, string? key, DateTimeOffset at)
        {
            if (limit is null)
            {
                throw new ArgumentNullException(nameof(limit));
            }

            return new BudgetBucket(limit.Scope, limit.Scope == BudgetScope.Global ? null : key ?? limit.Key, limit.Window, BudgetWindows.StartOf(limit.Window, at));
        }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} from {2:yyyy-MM-ddTHH:mm}Z", BudgetLimit.Describe(Scope, Key), BudgetWindows.Name(Window), WindowStart.UtcDateTime);
    }

    /// <summary>An amount to reserve against one limit's bucket.</summary>
    /// <param name="Limit">The limit that must not be exceeded.</param>
    /// <param name="Bucket">The bucket the amount is counted in.</param>
    /// <param name="AmountUsd">The amount to reserve, USD (not negative).</param>
    public readonly record struct BudgetCharge(BudgetLimit Limit, BudgetBucket Bucket, decimal AmountUsd);

    /// <summary>What a bucket holds: settled spend and outstanding reservations, USD.</summary>
    public readonly record struct BudgetUsage(decimal SpentUsd, decimal ReservedUsd)
    {
        /// <summary>Spend plus outstanding reservations: what the next reservation is checked against.</summary>
        public decimal CommittedUsd => SpentUsd + ReservedUsd;
    }

    /// <summary>A threshold crossing of one budget, raised once per limit, bucket and threshold.</summary>
    public sealed class BudgetAlert
    {
        internal BudgetAlert(BudgetLimit limit, BudgetBucket bucket, double threshold, decimal spentUsd)
        {
            Limit = limit;
            Bucket = bucket;
            Threshold = threshold;
            SpentUsd = spentUsd;
        }

        public BudgetLimit Limit { get; }

        /// <summary>The scope value and window the spend was counted in.</summary>
        public BudgetBucket Bucket { get; }

        /// <summary>The fraction of the limit that was reached, e.g. 0.8.</summary>
        public double Threshold { get; }

        /// <summary>Settled spend in the window once the crossing call was settled.</summary>
        public decimal SpentUsd { get; }

        public decimal LimitUsd => Limit.LimitUsd;

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0}: {1:0.##}% of ${2} reached (spent ${3})", Bucket, Threshold * 100, LimitUsd, SpentUsd);
    }

    /// <summary>Calendar windows in UTC.</summary>
    public static class BudgetWindows
    {
        /// <summary>The UTC start of the <paramref name="window"/> that contains <paramref name="at"/>.</summary>
        public static DateTimeOffset StartOf(BudgetWindow window, DateTimeOffset at)
        {
            var utc = at.UtcDateTime;
            return window switch
            {
                BudgetWindow.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
                BudgetWindow.Day => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
                BudgetWindow.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
                _ => throw new ArgumentOutOfRangeException(nameof(window)),
            };
        }

        /// <summary>The UTC end (exclusive) of the window that starts at <paramref name="windowStart"/>.</summary>
        public static DateTimeOffset EndOf(BudgetWindow window, DateTimeOffset windowStart) => window switch
        {
            BudgetWindow.Hour => windowStart.AddHours(1),
            BudgetWindow.Day => windowStart.AddDays(1),
            BudgetWindow.Month => windowStart.AddMonths(1),
            _ => throw new ArgumentOutOfRangeException(nameof(window)),
        };

        internal static string Name(BudgetWindow window) => window switch
        {
            BudgetWindow.Hour => "hour",
            BudgetWindow.Day => "day",
            _ => "month",
        };

        internal static string Name(BudgetScope scope) => scope switch
        {
            BudgetScope.Global => "global",
            BudgetScope.Feature => "feature",
            BudgetScope.Team => "team",
            _ => "tenant",
        };
    }
}
