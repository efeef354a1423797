using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>Settings of <see cref="BudgetForecaster"/>.</summary>
    public sealed class BudgetForecastOptions
    {
        /// <summary>The budgets to forecast (monthly and daily ones; hourly budgets are skipped). Usually the same list as <c>BudgetOptions.Limits</c>.</summary>
        public IList<BudgetLimit> Limits { get; set; } = new List<BudgetLimit>();

        /// <summary>Called when a projection crosses its limit, and when it crosses back. Exceptions it throws are swallowed.</summary>
        public Action<BudgetForecastAlert>? OnAlert { get; set; }

        /// <summary>Where the alerts are logged (event ids 7102 and 7103); none by default.</summary>
        public ILogger? Logger { get; set; }

        /// <summary>Complete days the weekday weights are estimated from. Default 28.</summary>
        public int WeekdayHistoryDays { get; set; } = 28;

        /// <summary>Complete days of the month needed before a trend (slope) is fitted; before that the projection is flat. Default 3.</summary>
        public int MinimumTrendDays { get; set; } = 3;

        internal void Validate()
        {
            if (Limits is null) throw new ArgumentNullException(nameof(Limits));
            if (WeekdayHistoryDays < 0 || WeekdayHistoryDays > HourlySpendSeries.DaysKept - 31)
            {
                throw new ArgumentOutOfRangeException(nameof(WeekdayHistoryDays), WeekdayHistoryDays, "Between 0 and 33 days.");
            }

            if (MinimumTrendDays < 2) throw new ArgumentOutOfRangeException(nameof(MinimumTrendDays), MinimumTrendDays, "A line needs at least two days.");
        }
    }
}
