using System;
using System.Collections.Generic;
using System.Linq;
using LlmOps.Guardrails.Runtime.Signals.Spend;

namespace LlmOps.Guardrails.Runtime.PostgreSql.Spend
{
    /// <summary>Daily totals read from the ledger in one query, served to the projection.</summary>
    internal sealed class DailySpendSnapshot : IDailySpendSource
    {
        private readonly Dictionary<(SpendDimension, string), SortedDictionary<DateTime, decimal>> _days = new();

        public void Add(SpendDimension dimension, string key, DateTime day, decimal spend)
        {
            if (!_days.TryGetValue((dimension, key), out var days))
            {
                _days[(dimension, key)] = days = new SortedDictionary<DateTime, decimal>();
            }

            days[day.Date] = spend;
        }

        public IReadOnlyCollection<string> KeysOf(SpendDimension dimension) => _days.Keys.Where(k => k.Item1 == dimension).Select(k => k.Item2).ToList();

        public DailySpend DailySpendOf(SpendDimension dimension, string key, DateTime firstDay, DateTime lastDay)
        {
            if (!_days.TryGetValue((dimension, key), out var days) || days.Count == 0)
            {
                return new DailySpend(lastDay, new decimal[1]);
            }

            // Days before the first one with spend are unknown, not zeros (as the in-memory observer sees it).
            var first = days.Keys.First() > firstDay.Date ? days.Keys.First() : firstDay.Date;
            var values = new decimal[(int)(lastDay.Date - first).TotalDays + 1];
            foreach (var entry in days)
            {
                var index = (int)(entry.Key - first).TotalDays;
                if (index >= 0 && index < values.Length)
                {
                    values[index] = entry.Value;
                }
            }

            return new DailySpend(first, values);
        }
    }
}
