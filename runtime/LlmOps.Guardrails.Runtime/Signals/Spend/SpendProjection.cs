using System;
using LlmOps.Guardrails.Runtime.Budgets;

namespace LlmOps.Guardrails.Runtime.Signals.Spend
{
    /// <summary>
    /// The end-of-window projection: spend so far, plus each remaining day's expected spend. The expected spend of a day
    /// is a straight line fitted (least squares) to the month's complete days after dividing out the day-of-week
    /// pattern, times that day's weekday weight. Weekday weights come from the last
    /// <see cref="BudgetForecastOptions.WeekdayHistoryDays"/> complete days and are used only once every weekday has two
    /// of them (else 1). With fewer than <see cref="BudgetForecastOptions.MinimumTrendDays"/> complete days in the month the
    /// line is flat, at the mean of the last seven complete days. With a flat daily spend of D and no weekday pattern the
    /// projection of a month of N days is N × D.
    /// </summary>
    internal static class SpendProjection
    {
        /// <param name="days">Spend per UTC day from <paramref name="firstDay"/> to today (the last element, partial).</param>
        public static BudgetForecast Project(BudgetLimit limit, string? key, DateTime firstDay, decimal[] days, DateTimeOffset now, BudgetForecastOptions options)
        {
            if (limit.Window == BudgetWindow.Hour)
            {
                throw new ArgumentException("Hourly budgets are not forecast: the window is too short to project.", nameof(limit));
            }

            var today = now.UtcDateTime.Date;
            var windowStart = BudgetWindows.StartOf(limit.Window, now);
            var windowEnd = BudgetWindows.EndOf(limit.Window, windowStart);
            var monthStart = BudgetWindows.StartOf(BudgetWindow.Month, now).UtcDateTime;
            var todayIndex = (int)(today - firstDay).TotalDays;
            var startIndex = (int)(windowStart.UtcDateTime - firstDay).TotalDays;
            var endIndex = (int)(windowEnd.UtcDateTime - firstDay).TotalDays;
            var monthIndex = (int)(monthStart - firstDay).TotalDays;

            decimal Day(int index) => index >= 0 && index < days.Length ? days[index] : 0m;

            var weights = WeekdayWeights(days, firstDay, todayIndex, options.WeekdayHistoryDays);
            decimal Weight(int index) => weights[(int)firstDay.AddDays(index).DayOfWeek];

            // The trend over the month's complete days, in weekday-adjusted spend.
            var from = Math.Max(monthIndex, 0);
            var complete = todayIndex - from;
            decimal intercept = 0m, slope = 0m;
            var hasData = true;
            if (complete >= options.MinimumTrendDays)
            {
                (intercept, slope) = FitLine(days, from, todayIndex, Weight, monthIndex);
            }
            else
            {
                var flatFrom = Math.Max(0, todayIndex - 7);
                decimal sum = 0m;
                var n = 0;
                for (var i = flatFrom; i < todayIndex; i++)
                {
                    var w = Weight(i);
                    if (w > 0m)
                    {
                        sum += Day(i) / w;
                        n++;
                    }
                }

                hasData = n > 0;
                intercept = n > 0 ? sum / n : 0m;
            }

            decimal Expected(int index) => Math.Max(0m, intercept + (slope * (index - monthIndex))) * Weight(index);

            var fractionLeft = 1m - ((decimal)(now.UtcDateTime - today).Ticks / TimeSpan.TicksPerDay);
            decimal spent = 0m, cumulative = 0m;
            DateTime? crossing = null;
            for (var i = startIndex; i < todayIndex; i++)
            {
                spent += Day(i);
                cumulative += Day(i);
                if (crossing is null && cumulative > limit.LimitUsd)
                {
                    crossing = firstDay.AddDays(i);
                }
            }

            spent += Day(todayIndex);
            cumulative += Day(todayIndex) + (Expected(todayIndex) * fractionLeft);
            if (crossing is null && cumulative > limit.LimitUsd)
            {
                crossing = today;
            }

            for (var i = todayIndex + 1; i < endIndex; i++)
            {
                cumulative += Expected(i);
                if (crossing is null && cumulative > limit.LimitUsd)
                {
                    crossing = firstDay.AddDays(i);
                }
            }

            return new BudgetForecast(limit, key, windowStart, windowEnd, spent, Math.Round(cumulative, 6), crossing, hasData);
        }

        private static (decimal Intercept, decimal Slope) FitLine(decimal[] days, int from, int to, Func<int, decimal> weight, int origin)
        {
            decimal n = 0m, sx = 0m, sy = 0m, sxx = 0m, sxy = 0m;
            for (var i = from; i < to; i++)
            {
                var w = weight(i);
                if (w <= 0m)
                {
                    continue;
                }

                var x = (decimal)(i - origin);
                var y = (i < days.Length ? days[i] : 0m) / w;
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }

            if (n == 0m)
            {
                return (0m, 0m);
            }

            var denominator = (n * sxx) - (sx * sx);
            if (denominator == 0m)
            {
                return (sy / n, 0m);
            }

            var slope = ((n * sxy) - (sx * sy)) / denominator;
            return ((sy - (slope * sx)) / n, slope);
        }

        private static decimal[] WeekdayWeights(decimal[] days, DateTime firstDay, int todayIndex, int historyDays)
        {
            var sums = new decimal[7];
            var counts = new int[7];
            for (var i = Math.Max(0, todayIndex - historyDays); i < todayIndex && i < days.Length; i++)
            {
                var weekday = (int)firstDay.AddDays(i).DayOfWeek;
                sums[weekday] += days[i];
                counts[weekday]++;
            }

            var weights = new decimal[] { 1m, 1m, 1m, 1m, 1m, 1m, 1m };
            decimal meanOfMeans = 0m;
            for (var d = 0; d < 7; d++)
            {
                if (counts[d] < 2)
                {
                    return weights;
                }

                meanOfMeans += sums[d] / counts[d] / 7m;
            }

            if (meanOfMeans <= 0m)
            {
                return weights;
            }

            for (var d = 0; d < 7; d++)
            {
                weights[d] = sums[d] / counts[d] / meanOfMeans;
            }

            return weights;
        }
    }
}
