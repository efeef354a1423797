using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>Spend per UTC day and dimension value: what <see cref="BudgetForecaster"/> projects from.</summary>
    public interface IDailySpendSource
    {
        /// <summary>The values of <paramref name="dimension"/> that have spend (for budgets that apply to each value of a scope).</summary>
        IReadOnlyCollection<string> KeysOf(SpendDimension dimension);

        /// <summary>
        /// Spend per UTC day of <paramref name="key"/> from <paramref name="firstDay"/> to <paramref name="lastDay"/> inclusive.
        /// The returned first day is later than asked when the source has nothing older (days it never saw are not zeros).
        /// </summary>
        DailySpend DailySpendOf(SpendDimension dimension, string key, DateTime firstDay, DateTime lastDay);
    }

    /// <summary>Spend per UTC day, from <see cref="FirstDay"/> on.</summary>
    public sealed class DailySpend
    {
        public DailySpend(DateTime firstDay, decimal[] days)
        {
            FirstDay = DateTime.SpecifyKind(firstDay.Date, DateTimeKind.Utc);
            Days = days ?? throw new ArgumentNullException(nameof(days));
        }

        public DateTime FirstDay { get; }

        public IReadOnlyList<decimal> Days { get; }

        internal decimal[] Array => (decimal[])Days;
    }
}
